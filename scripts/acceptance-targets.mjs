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
