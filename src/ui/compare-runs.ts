// Comparing runs (the Compare tab): which runs can be compared with which (same dataset, same metric), the rows of
// settings in which the chosen runs differ, and each run's final numbers. Pure functions, tested in Node.
import type { ModelSpec, TrainConfig, TrainEvent } from '../engine/index.ts';

/** Most runs the Compare tab shows at once (more lines than this cannot be told apart on one chart). */
export const MAX_COMPARED = 4;

/** What the comparison needs to know about one run. */
export interface ComparableRun {
  id: string;
  name: string;
  datasetId: string;
  /** The run's loss, which decides its metric; null when its details are not read yet. */
  loss: TrainConfig['loss'] | null;
}

/** The metric a run is judged by: accuracy for classification (cross-entropy), loss otherwise. */
export function runMetric(loss: TrainConfig['loss']): 'accuracy' | 'loss' {
  return loss === 'softmaxCrossEntropy' ? 'accuracy' : 'loss';
}

/** Whether `other` can be compared with `first` (the first run chosen), and if not, the sentence that says why. */
export function compatibility(first: ComparableRun, other: ComparableRun): { ok: true } | { ok: false; why: string } {
  if (other.datasetId !== first.datasetId)
    return {
      ok: false,
      why: `trained on ${other.datasetId}, not ${first.datasetId}: curves of different datasets do not measure the same thing`,
    };
  if (first.loss && other.loss && runMetric(first.loss) !== runMetric(other.loss))
    return {
      ok: false,
      why: `judged by ${runMetric(other.loss)}, not ${runMetric(first.loss)}: its model answers a different kind of question`,
    };
  return { ok: true };
}

/**
 * The runs offered beside the chosen ones: all runs when none is chosen, else those compatible with the first
 * chosen (the others listed with why they are not offered). A full choice offers nothing more.
 */
export function offeredRuns(
  all: readonly ComparableRun[],
  chosenIds: readonly string[],
): { offered: ComparableRun[]; refused: { run: ComparableRun; why: string }[] } {
  const first = all.find((r) => r.id === chosenIds[0]);
  const rest = all.filter((r) => !chosenIds.includes(r.id));
  if (!first) return { offered: [...rest], refused: [] };
  const offered: ComparableRun[] = [];
  const refused: { run: ComparableRun; why: string }[] = [];
  for (const r of rest) {
    const c = compatibility(first, r);
    if (!c.ok) refused.push({ run: r, why: c.why });
    else if (chosenIds.length >= MAX_COMPARED)
      refused.push({ run: r, why: `at most ${MAX_COMPARED} runs are compared at once` });
    else offered.push(r);
  }
  return { offered, refused };
}

/** The settings of a run that the comparison lists. */
export interface RunSettings {
  spec: ModelSpec;
  config: TrainConfig;
  limit: number | null;
  testLimit: number | null;
}

/** One row of the settings table: a setting and each run's value of it, in words. */
export interface SettingRow {
  setting: string;
  values: string[];
}

/** A layer in one short phrase: its type and its fields ("dense units=16 activation=relu"). */
function describeLayer(layer: object): string {
  const { type, ...fields } = layer as { type?: string };
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('×') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return [type ?? 'layer', ...parts].join(' ');
}

const ALL = (n: number | null) => (n === null || n === 0 ? 'all' : String(n));

/** Every compared setting of one run, in words, in a fixed order. */
function settingValues(s: RunSettings): [string, string][] {
  const c = s.config;
  const sched = c.schedule;
  const rows: [string, string][] = [
    ['model', s.spec.name],
    ['input shape', s.spec.input.shape.join('×')],
    ['number of layers', String(s.spec.layers.length)],
    ['model seed', s.spec.seed === undefined ? 'default' : String(s.spec.seed)],
    ['epochs', String(c.epochs)],
    ['batch size', String(c.batchSize)],
    ['optimizer', c.optimizer.kind],
    ['learning rate', String(c.optimizer.lr)],
    ['schedule', sched ? sched.kind : 'constant'],
    ['warm-up steps', String(sched?.warmupSteps ?? 0)],
    ['weight decay', String(c.optimizer.weightDecay ?? (c.optimizer.kind === 'adamw' ? 0.01 : 0))],
    ['gradient clipping', c.clipNorm ? String(c.clipNorm) : 'off'],
    ['validation split', `${Math.round((c.validationSplit ?? 0.1) * 100)}%`],
    ['early stopping', c.earlyStopping ? `patience ${c.earlyStopping.patience}` : 'off'],
    ['label smoothing', String(c.labelSmoothing ?? 0)],
    ['loss', c.loss],
    ['shuffle seed', String(c.seed)],
    ['training samples', ALL(s.limit)],
    ['test samples', ALL(s.testLimit)],
  ];
  if (sched?.kind === 'step') rows.push(['decay', `×${sched.gamma} every ${sched.every} steps`]);
  s.spec.layers.forEach((l, i) => rows.push([`layer ${i + 1}`, describeLayer(l)]));
  return rows;
}

/** The settings in which the runs differ (only those rows), each run's value in words ("—" where it has none). */
export function settingsDiff(runs: readonly RunSettings[]): SettingRow[] {
  const perRun = runs.map((r) => new Map(settingValues(r)));
  const order: string[] = [];
  for (const m of perRun) for (const k of m.keys()) if (!order.includes(k)) order.push(k);
  const rows: SettingRow[] = [];
  for (const setting of order) {
    const values = perRun.map((m) => m.get(setting) ?? '—');
    if (values.some((v) => v !== values[0])) rows.push({ setting, values });
  }
  return rows;
}

/** A run's last reported numbers: training loss, and the last epoch's validation loss and accuracy. */
export interface FinalMetrics {
  steps: number;
  trainLoss: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
}

/** The final numbers of a run, read from its stored history. */
export function finalMetrics(history: readonly TrainEvent[]): FinalMetrics {
  const out: FinalMetrics = { steps: 0, trainLoss: null, valLoss: null, valAccuracy: null };
  for (const e of history) {
    if (e.kind === 'step') {
      out.steps = e.globalStep;
      out.trainLoss = e.loss;
    } else if (e.kind === 'epoch') {
      out.valLoss = e.valLoss ?? null;
      out.valAccuracy = e.valAccuracy ?? null;
    }
  }
  return out;
}
