// The benchmark's command line, whatever runs the plan: parses the options, prints progress and the tables,
// and writes the JSON (and markdown) results. scripts/bench.mjs runs the plan in headless Chromium,
// scripts/dawn/bench.ts in Node on Dawn (the `webgpu` package).
import { mkdirSync, writeFileSync } from 'node:fs';
import { USAGE, buildPlan, parseBenchArgs } from './plan.mjs';
import {
  SYSTEM_NAMES,
  formatAutotune,
  CHECK_RTOL,
  checkFailures,
  formatChecks,
  formatHeader,
  formatMarkdown,
  formatTable,
  summarizeRow,
} from './report.mjs';

/** One printed line per progress event of runBench. */
export function progressLine(kind, data) {
  if (kind === 'env') return `${formatHeader(data)}\n`;
  const r = data.result;
  const what =
    typeof r.ms === 'number'
      ? `${r.ms.toFixed(2)} ms${typeof r.maxAbsDiff === 'number' ? `, max |Δ| vs ours ${r.maxAbsDiff.toExponential(1)}` : ''}`
      : typeof r.early === 'number'
        ? `live ${r.early} → ${r.late} bytes`
        : r.skipped
          ? `skipped (${r.skipped})`
          : `error: ${r.error}`;
  return `  ${data.id.padEnd(44)} ${SYSTEM_NAMES[data.system].padEnd(8)} ${what}  [${data.seconds.toFixed(1)} s]`;
}

/**
 * Runs the benchmark command `name` with `argv`: `run(plan)` resolves with { env, rows }. Prints the tables,
 * writes bench-results/ (or --out / --markdown) and sets the exit code when our engine failed a row.
 */
export async function benchCli(name, argv, run) {
  let opts;
  try {
    opts = parseBenchArgs(argv);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const plan = buildPlan(opts);
  const command = [name, ...(argv.length ? ['--', ...argv] : [])].join(' ');
  console.log(
    `${command}: ${plan.cases.length} cases (${plan.mode} sizes) on ${plan.systems.map((s) => SYSTEM_NAMES[s]).join(', ')}\n`,
  );
  const started = Date.now();
  const { env, rows } = await run(plan);
  const summaries = rows.map(summarizeRow);
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${formatTable(summaries, plan.systems)}\n\nfinished in ${seconds.toFixed(0)} s`);
  const checks = formatChecks(summaries);
  if (checks.length) console.log(`\noutputs on identical inputs:\n${checks.map((s) => `  ${s}`).join('\n')}`);
  const tuning = formatAutotune(summaries);
  if (tuning.length)
    console.log(`\nautotune (ours; the table above uses the tuned tiles):\n${tuning.map((s) => `  ${s}`).join('\n')}`);
  const skips = rows.flatMap((r) =>
    Object.entries(r.results)
      .filter(([, v]) => v.error)
      .map(([k, v]) => `${r.case.id} / ${SYSTEM_NAMES[k]}: ${v.error}`),
  );
  if (skips.length) console.log(`\nerrors:\n${skips.map((s) => `  ${s}`).join('\n')}`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = opts.out ?? `bench-results/bench-${stamp}.json`;
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ command, date: new Date().toISOString(), seconds, plan, env, rows, summaries }, null, 2),
  );
  console.log(`results written to ${out}`);
  if (opts.markdown) {
    const md = `Command: \`${command}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${seconds.toFixed(0)} s)\n\n\`\`\`\n${formatHeader(env)}\n\`\`\`\n\n${formatMarkdown(summaries, plan.systems)}\n${checks.length ? `\nOutputs on identical inputs (--check):\n\n${checks.map((s) => `- ${s}`).join('\n')}\n` : ''}${tuning.length ? `\nAutotune (--autotune; our times above use the tuned tiles):\n\n${tuning.map((s) => `- ${s}`).join('\n')}\n` : ''}`;
    writeFileSync(opts.markdown, md);
    console.log(`table written to ${opts.markdown}`);
  }
  if (rows.some((r) => r.results.ours?.error)) process.exitCode = 1;
  const mismatches = checkFailures(summaries);
  if (mismatches.length) {
    console.log(
      `\n--check: outputs further from ours than ${CHECK_RTOL} of their scale:\n  ${mismatches.join('\n  ')}`,
    );
    process.exitCode = 1;
  }
}
