// `npm run bench -- [--quick | --full] [--only suites] [--reps N] [--warmup N] [--systems ...] [--check] [--autotune] [--out f.json] [--markdown f.md]`
// Times our engine against TF.js (WebGPU) and ONNX Runtime Web (WebGPU EP) in one headless Chromium page.
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { USAGE, buildPlan, parseBenchArgs } from './bench/plan.mjs';
import { SYSTEM_NAMES, formatAutotune, formatChecks, formatHeader, formatMarkdown, formatTable, summarizeRow } from './bench/report.mjs';

/** Serves the page, runs the plan in Chromium and resolves with { env, rows }. */
async function runInBrowser(plan) {
  const server = await createServer({
    logLevel: 'error',
    // No file watching or HMR: others edit the tree while a run is in progress, and a reload would kill it.
    server: { port: 0, host: 'localhost', hmr: false, watch: null },
    // Pre-bundle everything the page imports up front, so Vite never reloads the page mid-run.
    optimizeDeps: {
      entries: ['scripts/bench/bench.html'],
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-core/dist/register_all_gradients', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-layers'],
      exclude: ['onnxruntime-web'],
    },
  });
  await server.listen();
  const url = server.resolvedUrls.local[0];
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[page] ${m.text()}`);
    });
    await page.exposeFunction('benchProgress', (json) => {
      const { kind, data } = JSON.parse(json);
      if (kind === 'env') console.log(`${formatHeader(data)}\n`);
      else if (kind === 'result') {
        const r = data.result;
        const what = typeof r.ms === 'number' ? `${r.ms.toFixed(2)} ms${typeof r.maxAbsDiff === 'number' ? `, max |Δ| vs ours ${r.maxAbsDiff.toExponential(1)}` : ''}` : typeof r.early === 'number' ? `live ${r.early} → ${r.late} bytes` : r.skipped ? `skipped (${r.skipped})` : `error: ${r.error}`;
        console.log(`  ${data.id.padEnd(44)} ${SYSTEM_NAMES[data.system].padEnd(8)} ${what}  [${data.seconds.toFixed(1)} s]`);
      }
    });
    await page.goto(`${url}scripts/bench/bench.html`);
    await page.waitForFunction(() => typeof window.runBench === 'function', null, { timeout: 120_000 });
    return await page.evaluate((p) => window.runBench(p), plan);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main() {
  let opts;
  try {
    opts = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const plan = buildPlan(opts);
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`${command}: ${plan.cases.length} cases (${plan.mode} sizes) on ${plan.systems.map((s) => SYSTEM_NAMES[s]).join(', ')}\n`);
  const started = Date.now();
  const { env, rows } = await runInBrowser(plan);
  const summaries = rows.map(summarizeRow);
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n${formatTable(summaries, plan.systems)}\n\nfinished in ${seconds.toFixed(0)} s`);
  const checks = formatChecks(summaries);
  if (checks.length) console.log(`\noutputs on identical inputs:\n${checks.map((s) => `  ${s}`).join('\n')}`);
  const tuning = formatAutotune(summaries);
  if (tuning.length) console.log(`\nautotune (ours; the table above uses the tuned tiles):\n${tuning.map((s) => `  ${s}`).join('\n')}`);
  const skips = rows.flatMap((r) => Object.entries(r.results).filter(([, v]) => v.error).map(([k, v]) => `${r.case.id} / ${SYSTEM_NAMES[k]}: ${v.error}`));
  if (skips.length) console.log(`\nerrors:\n${skips.map((s) => `  ${s}`).join('\n')}`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = opts.out ?? `bench-results/bench-${stamp}.json`;
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(out, JSON.stringify({ command, date: new Date().toISOString(), seconds, plan, env, rows, summaries }, null, 2));
  console.log(`results written to ${out}`);
  if (opts.markdown) {
    const md = `Command: \`${command}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${seconds.toFixed(0)} s)\n\n\`\`\`\n${formatHeader(env)}\n\`\`\`\n\n${formatMarkdown(summaries, plan.systems)}\n${checks.length ? `\nOutputs on identical inputs (--check):\n\n${checks.map((s) => `- ${s}`).join('\n')}\n` : ''}${tuning.length ? `\nAutotune (--autotune; our times above use the tuned tiles):\n\n${tuning.map((s) => `- ${s}`).join('\n')}\n` : ''}`;
    writeFileSync(opts.markdown, md);
    console.log(`table written to ${opts.markdown}`);
  }
  if (rows.some((r) => r.results.ours?.error)) process.exitCode = 1;
}

await main();
