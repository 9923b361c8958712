// The accuracy targets of the training-system issue and the table of results, shared by the Chromium runner
// (scripts/acceptance.mjs) and the Node runner on Dawn (scripts/dawn/acceptance.ts).

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

/** Whether `value` (an accuracy, or a loss in nats) meets the target. */
const meets = (target, value) => (target.metric === 'loss' ? value <= target.max : value >= target.min);
/** A value as the tables print it: a loss to 3 decimals, an accuracy in percent. */
const formatValue = (target, v) => (target.metric === 'loss' ? v.toFixed(3) : `${(100 * v).toFixed(2)}%`);
/** The target as the tables print it. */
const formatTarget = (target) => (target.metric === 'loss' ? `≤ ${target.max}` : `≥ ${(100 * target.min).toFixed(1)}%`);

/** Whether a result meets its target, and the value that was compared. */
export function judge(target, evaluation) {
  const value = target.metric === 'loss' ? evaluation.loss : (evaluation.report?.accuracy ?? NaN);
  return { value, pass: meets(target, value) };
}

/** Rows of an earlier results file with `fresh` put in place of the rows of the same presets. */
export function mergeRows(earlier, fresh) {
  const redone = new Set(fresh.map((r) => r.preset));
  return [...earlier.filter((r) => !redone.has(r.preset)), ...fresh].sort(
    (a, b) => TARGETS.findIndex((t) => t.preset === a.preset) - TARGETS.findIndex((t) => t.preset === b.preset),
  );
}

/** One fixed-width table row per result. */
export function formatTable(rows) {
  const head = ['preset', 'epochs', 'samples', 'metric', 'value', 'target', 'met', 'seconds'];
  const body = rows.map((r) => [
    r.preset,
    String(r.epochs),
    r.limit ? String(r.limit) : 'all',
    r.metric,
    formatValue(r, r.value),
    formatTarget(r),
    r.pass ? 'yes' : 'NO',
    r.seconds.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/**
 * Several seeds of one preset, judged together: one run's seed (shuffling, dropout) moves MNIST accuracy by
 * about ±0.25 points, so with several seeds the verdict is the mean's. Presets run with one seed are left out.
 */
export function seedSummaries(rows) {
  const byPreset = new Map();
  for (const r of rows) if (Number.isFinite(r.value)) byPreset.set(r.preset, [...(byPreset.get(r.preset) ?? []), r]);
  const out = [];
  for (const [preset, runs] of byPreset) {
    if (runs.length < 2) continue;
    const values = runs.map((r) => r.value);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
    const target = TARGETS.find((t) => t.preset === preset);
    out.push({
      preset,
      seeds: runs.map((r) => r.seed),
      mean,
      sd,
      min: Math.min(...values),
      max: Math.max(...values),
      passed: runs.filter((r) => r.pass).length,
      pass: meets(target, mean),
    });
  }
  return out;
}

/** One line per seed summary: mean ± sd, range, how many single runs met the target, and the verdict. */
export function formatSeedSummary(s) {
  const target = TARGETS.find((t) => t.preset === s.preset);
  const f = (v) => formatValue(target, v);
  const sd = target.metric === 'loss' ? s.sd.toFixed(3) : `${(100 * s.sd).toFixed(2)} points`;
  return `${s.preset} over seeds ${s.seeds.join(', ')}: mean ${f(s.mean)} ± ${sd} (${f(s.min)} to ${f(s.max)}), ${s.passed} of ${s.seeds.length} runs met the target alone; the mean ${s.pass ? 'meets' : 'misses'} ${formatTarget(target)}`;
}

/**
 * Whether a session's results meet their targets: a preset run with several seeds by its mean (and every one of
 * its runs must have finished), a preset run once by its row.
 */
export function verdict(rows) {
  const summaries = seedSummaries(rows);
  const summarised = new Map(summaries.map((s) => [s.preset, s]));
  return rows.every((r) =>
    summarised.has(r.preset) ? Number.isFinite(r.value) && summarised.get(r.preset).pass : r.pass,
  );
}
