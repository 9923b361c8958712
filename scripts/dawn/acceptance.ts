// `node .dawn/acceptance.mjs [--only id,id] [--epochs N] [--limit N] [--test-limit N] [--seeds 1,2,3]
// [--kernel-init glorotUniform|heNormal] [--schedule constant|cosine] [--datasets public/datasets] [--dawn FLAG] [--out
// file.json]`
// (after `npm run dawn:build`): the acceptance targets of `npm run acceptance`, trained in Node on Dawn instead of
// headless Chromium, for a GPU machine with no browser. Same presets, training settings, trainer and test split
// (scripts/dawn/train.ts); datasets are read from their pack files. Prints every epoch and a table, writes
// bench-results/acceptance-dawn.json (or --out). Exit code 1 when a target is missed (see `verdict`: with several
// seeds a preset is judged by its mean) or a run failed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Engine, KERNEL_INITIALIZERS, PRESETS, type KernelInitializer } from '../../src/engine/index.ts';
import {
  TARGETS,
  formatSeedSummary,
  formatTable,
  judge,
  seedSummaries,
  verdict,
  type Row,
} from '../acceptance-targets.mjs';
import { dawnFlags, installDawn } from './gpu.ts';
import { datasetFrom, isGenerated, trainPreset } from './train.ts';

/** A command-line mistake: the sentence alone (no stack trace) and exit code 2. */
function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) fail(`Unexpected argument "${argv[i]}"; options start with --.`);
    out[argv[i].slice(2)] = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
  }
  return out;
}

/** A pack file's bytes as an ArrayBuffer of its own (small files share Node's buffer pool). */
function readPack(path: string): ArrayBuffer {
  const b = readFileSync(path);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const KNOWN = ['only', 'epochs', 'limit', 'test-limit', 'seeds', 'kernel-init', 'schedule', 'datasets', 'out', 'cpu'];
let cli: ReturnType<typeof dawnFlags>;
try {
  cli = dawnFlags(process.argv.slice(2));
} catch (e) {
  fail((e as Error).message);
}
const { flags, rest } = cli;
const args = parseArgs(rest);
const unknown = Object.keys(args).filter((k) => !KNOWN.includes(k));
if (unknown.length)
  fail(`Unknown option --${unknown[0]}; the options are ${KNOWN.map((k) => `--${k}`).join(', ')} and --dawn FLAG.`);
const num = (k: string): number | undefined => {
  if (args[k] === undefined) return undefined;
  const v = Number(args[k]);
  if (!Number.isInteger(v) || v < 0) fail(`--${k} must be a whole number (it is "${args[k]}").`);
  return v;
};
const only = args.only ? args.only.split(',') : null;
const missing = only?.filter((id) => !TARGETS.some((t) => t.preset === id)) ?? [];
if (missing.length)
  fail(
    `--only names "${missing[0]}", which has no acceptance target; targets: ${TARGETS.map((t) => t.preset).join(', ')}.`,
  );
const seeds = (args.seeds ?? '1').split(',').map(Number);
if (seeds.some((s) => !Number.isInteger(s) || s < 0))
  fail(`--seeds takes whole numbers separated by commas (it is "${args.seeds}").`);
const kernelInit = args['kernel-init'] as KernelInitializer | undefined;
if (kernelInit !== undefined && !KERNEL_INITIALIZERS.includes(kernelInit))
  fail(`--kernel-init must be one of ${KERNEL_INITIALIZERS.join(', ')} (it is "${kernelInit}").`);
const SCHEDULES = { constant: { kind: 'constant' }, cosine: { kind: 'cosine' } } as const;
const scheduleName = args.schedule as keyof typeof SCHEDULES | undefined;
if (scheduleName !== undefined && !Object.hasOwn(SCHEDULES, scheduleName))
  fail(`--schedule must be one of ${Object.keys(SCHEDULES).join(', ')} (it is "${scheduleName}").`);
const schedule = scheduleName ? SCHEDULES[scheduleName] : undefined;
const datasets = args.datasets ?? 'public/datasets';
const limit = num('limit');
const testLimit = num('test-limit');
const targets = TARGETS.filter((x) => !only || only.includes(x.preset));
// Every pack is looked for before anything trains, so a missing one does not end a long session halfway.
const packOf = (t: (typeof TARGETS)[number]) => PRESETS.find((p) => p.id === t.preset)!.dataset;
const absent = targets.map(packOf).filter((id) => !isGenerated(id) && !existsSync(join(datasets, `${id}.pack`)));
if (absent.length)
  fail(
    `No pack for ${absent.map((id) => `"${id}"`).join(', ')} in ${datasets}: run \`npm run datasets\` (or pass --datasets DIR, or leave those presets out with --only).`,
  );

if (!args.cpu) installDawn(flags);
const engine = await Engine.create({ backend: args.cpu ? 'cpu' : 'webgpu' });
const adapter = engine.adapter
  ? `${engine.adapter.description || engine.adapter.device} (${engine.adapter.vendor} ${engine.adapter.architecture})`
  : 'CPU engine';
console.log(`acceptance on ${adapter}${flags.length ? `, Dawn flags ${flags.join(' ')}` : ''}`);

const rows: (Row & Record<string, unknown>)[] = [];
const out = args.out ?? 'bench-results/acceptance-dawn.json';
/** Written after every run, so a long session that is cut short keeps what it measured. */
const save = () => {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ adapter, dawnFlags: flags, rows, seedSummaries: seedSummaries(rows) }, null, 2));
};
for (const t of targets) {
  const id = packOf(t);
  const ds = datasetFrom(id, isGenerated(id) ? null : readPack(join(datasets, `${id}.pack`)));
  const epochs = num('epochs') ?? t.epochs;
  for (const seed of seeds) {
    console.log(
      `\n== ${t.preset}: ${epochs} epochs, seed ${seed}${kernelInit ? `, kernels ${kernelInit}` : ''}${scheduleName ? `, ${scheduleName} schedule` : ''}`,
    );
    const base = {
      ...t,
      epochs,
      limit,
      testLimit,
      seed,
      kernelInitializer: kernelInit ?? 'auto',
      adapter,
      date: new Date().toISOString(),
    };
    let r;
    try {
      r = await trainPreset(engine, ds, {
        presetId: t.preset,
        epochs,
        seed,
        limit,
        testLimit,
        kernelInitializer: kernelInit,
        schedule,
        onEvent: (e) => {
          if (e.kind === 'epoch')
            console.log(
              `epoch ${e.epoch + 1}: train loss ${e.trainLoss.toFixed(4)}${e.trainAccuracy !== null ? `, accuracy ${(100 * e.trainAccuracy).toFixed(2)}%` : ''} (${e.seconds.toFixed(1)} s)`,
            );
        },
      });
    } catch (e) {
      // One failed preset is a failed row, and the others still run.
      const error = e instanceof Error ? e.message : String(e);
      console.error(`${t.preset}: training failed: ${error}`);
      rows.push({ ...base, value: NaN, pass: false, seconds: 0, error });
      save();
      continue;
    }
    rows.push({
      ...base,
      ...judge(t, r.evaluation),
      schedule: r.schedule,
      loss: r.evaluation.loss,
      seconds: r.trainSeconds,
      count: r.evaluation.count,
      steps: r.steps,
      ...(r.samples ? { samples: r.samples } : {}),
    });
    save();
    if (r.samples) console.log(`samples: ${r.samples.join(', ')}`);
    console.log(
      `test loss ${r.evaluation.loss.toFixed(4)}${r.evaluation.report ? `, accuracy ${(100 * r.evaluation.report.accuracy).toFixed(2)}%` : ''} on ${r.evaluation.count} samples; ${r.steps} steps in ${r.trainSeconds.toFixed(1)} s (${(r.steps / r.trainSeconds).toFixed(1)} steps/s)`,
    );
  }
}
// The table tells seeds apart when there are several.
console.log(
  `\n${formatTable(seeds.length > 1 ? rows.map((r) => ({ ...r, preset: `${r.preset} (seed ${r.seed})` })) : rows)}`,
);
const summaries = seedSummaries(rows);
if (summaries.length) console.log(`\n${summaries.map(formatSeedSummary).join('\n')}`);
console.log(`results written to ${out}`);
engine.dispose();
// Dawn keeps Node's event loop alive; leave once the results are written.
process.exit(verdict(rows) ? 0 : 1);
