// `npm run acceptance [-- --only id,id] [--epochs N] [--limit N] [--resume] [--time-limit S]`: trains each preset
// with the accuracy target of the training-system issue through the headless runner, prints a table (value,
// target, time) and writes
// bench-results/acceptance.json (merged: a preset's new row replaces its old one, the others stay). Exit code 1
// when a target is missed. Long: meant for a real GPU, not CI.
//
// --resume keeps each preset's browser profile in .acceptance/<preset>/ and continues its unfinished run there,
// so a run that takes longer than one sitting (hours on a software adapter) can be done in parts: with
// --time-limit S each run pauses at a checkpoint after S seconds. Times reported are the sum of the epochs.
//
// Every run trains on the whole training split (no validation hold-out: the targets are measured on the test
// split, and nothing here stops early) and is judged on the test split, as the textbook numbers are.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { train } from './train.mjs';

/** The targets: test accuracy at least `min`, or test loss (nats per token) at most `max`. */
export const TARGETS = [
  { preset: 'mnist-mlp', epochs: 5, metric: 'accuracy', min: 0.975 },
  { preset: 'lenet5', epochs: 5, metric: 'accuracy', min: 0.988 },
  { preset: 'cifar-cnn', epochs: 10, metric: 'accuracy', min: 0.89 },
  { preset: 'names-transformer', epochs: 20, metric: 'loss', max: 2.1 },
  { preset: 'spam-bow-mlp', epochs: 10, metric: 'accuracy', min: 0.97 },
  { preset: 'spam-bilstm', epochs: 5, metric: 'accuracy', min: 0.97 },
  { preset: 'iris', epochs: 100, metric: 'accuracy', min: 0.95 },
];

/** Whether a result meets its target, and the value that was compared. */
export function judge(target, evaluation) {
  const value = target.metric === 'loss' ? evaluation.loss : (evaluation.report?.accuracy ?? NaN);
  const pass = target.metric === 'loss' ? value <= target.max : value >= target.min;
  return { value, pass };
}

/** Rows of an earlier results file with `fresh` put in place of the rows of the same presets. */
export function mergeRows(earlier, fresh) {
  const redone = new Set(fresh.map((r) => r.preset));
  return [...earlier.filter((r) => !redone.has(r.preset)), ...fresh].sort((a, b) => TARGETS.findIndex((t) => t.preset === a.preset) - TARGETS.findIndex((t) => t.preset === b.preset));
}

/** One fixed-width table row per result. */
export function formatTable(rows) {
  const head = ['preset', 'epochs', 'samples', 'metric', 'value', 'target', 'met', 'seconds'];
  const body = rows.map((r) => [
    r.preset, String(r.epochs), r.limit ? String(r.limit) : 'all', r.metric,
    r.metric === 'loss' ? r.value.toFixed(3) : `${(100 * r.value).toFixed(2)}%`,
    r.metric === 'loss' ? `≤ ${r.max}` : `≥ ${(100 * r.min).toFixed(1)}%`,
    r.pass ? 'yes' : 'NO', r.seconds.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const only = args.only ? args.only.split(',') : null;
  const rows = [];
  let paused = false;
  for (const t of TARGETS.filter((x) => !only || only.includes(x.preset))) {
    const epochs = args.epochs ? Number(args.epochs) : t.epochs;
    const limit = args.limit ? Number(args.limit) : undefined;
    console.log(`\n== ${t.preset}: ${epochs} epochs${limit ? ` on ${limit} samples` : ''}`);
    try {
      // --time-limit implies --resume: a paused run must be kept to be continued.
      const kept = args.resume || args['time-limit'] ? { profile: `.acceptance/${t.preset}`, resume: 'true' } : {};
      const r = await train({ preset: t.preset, epochs, limit, seed: 1, 'val-split': 0, 'time-limit': args['time-limit'], ...kept }, { quiet: !args.verbose });
      if (r.paused) {
        console.log(`${t.preset}: paused at step ${r.run.globalStep} of ${r.run.stepsPerEpoch * r.run.epochs}; run \`npm run acceptance -- --only ${t.preset} --resume\` to continue`);
        paused = true;
        continue;
      }
      r.seconds = r.trainSeconds !== undefined && r.resumed ? r.trainSeconds : r.seconds;
      rows.push({ ...t, epochs, limit, ...judge(t, r.evaluation), seconds: r.seconds, count: r.evaluation.count, date: new Date().toISOString(), ...(r.samples ? { samples: r.samples } : {}) });
      if (r.samples) console.log(`samples: ${r.samples.join(', ')}`);
      console.log(formatTable(rows.slice(-1)));
    } catch (e) {
      console.error(`${t.preset}: training failed: ${e.message}`);
      rows.push({ ...t, epochs, limit, value: NaN, pass: false, seconds: 0 });
    }
  }
  console.log(`\n${formatTable(rows)}`);
  mkdirSync('bench-results', { recursive: true });
  const file = 'bench-results/acceptance.json';
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')).rows ?? []).map((r) => ({ date: null, ...r })) : [];
  writeFileSync(file, JSON.stringify({ rows: mergeRows(earlier, rows) }, null, 2));
  process.exit(!rows.every((r) => r.pass) ? 1 : paused ? 3 : 0);
}
