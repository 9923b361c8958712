// Runs on any dataset: checks that a model spec fits a dataset (input shape and dtype, output size, embedding
// range) with messages a student can act on, and picks training defaults when there is no preset.
import { summarize } from '../nn/model.ts';
import type { ModelSpec } from '../nn/spec.ts';
import type { PresetTraining } from '../nn/presets.ts';
import type { Schedule } from './schedules.ts';
import type { ArrayDataset, TrainConfig } from './types.ts';
import { fitProblem, type DatasetShape } from '../nn/spec-fit.ts';

/**
 * A dataset as a run trains on it: its train and test parts and, for stored packs, the header fields the checks
 * read (a pack header fits; generated toy sets have none).
 */
export interface LoadedDataset {
  train: ArrayDataset;
  test: ArrayDataset;
  header: { title: string; classes: number; ignoreIndex?: number; vocabulary?: string[] } | null;
}

/** A new run's own training choices (the rest of the page's run options pick the model and the data). */
export interface RunChoices {
  /** Defaults come from the preset (or, without one, from the dataset: cross-entropy or mean squared error). */
  epochs?: number;
  batchSize?: number;
  lr?: number;
  optimizer?: TrainConfig['optimizer']['kind'];
  /** Learning-rate schedule, with optional linear warm-up (default: the preset's, else constant). */
  schedule?: Schedule;
  /** Linear warm-up steps added to the schedule (the run's or the preset's), replacing its own. */
  warmupSteps?: number;
  /** Weight decay: decoupled for AdamW (default 0.01), an L2 term for the others (default 0). */
  weightDecay?: number;
  /** Clip the global gradient norm to this value; 0 turns clipping off (default: the preset's). */
  clipNorm?: number;
  /** Fraction of the training samples held out to validate on after each epoch, 0 to 0.5 (default 0.1). */
  validationSplit?: number;
  /** Stop when the validation loss has not improved for this many epochs; 0 never stops early (default). */
  patience?: number;
  seed?: number;
  /** Train on the first `limit` training samples only (quick runs, CI). */
  limit?: number;
  /** Evaluate on the first `testLimit` test samples. */
  testLimit?: number;
  /** Save a checkpoint every this many steps (and at each epoch's end). */
  checkpointEvery?: number;
}

type Task = 'classification' | 'regression' | 'sequence';

/** What the dataset asks of a model: class ids, numbers to regress, or next-token ids per position. */
export function taskOf(ds: LoadedDataset): Task {
  if (ds.train.y instanceof Float32Array) return 'regression';
  return ds.train.yShape.length > 0 ? 'sequence' : 'classification';
}

/**
 * What a model must match in a loaded dataset (see `fitProblem`): its task, sample shape and dtype, classes, and for
 * token inputs the largest id + 1 (one pass over the ids).
 */
export function describeDataset(ds: LoadedDataset, id: string, name = ds.header?.title ?? id): DatasetShape {
  const tokens = ds.train.x instanceof Int32Array;
  let max = -1;
  if (tokens)
    for (const part of [ds.train.x, ds.test.x]) for (let i = 0; i < part.length; i++) max = Math.max(max, part[i]);
  return {
    id,
    title: name,
    task: taskOf(ds),
    xShape: [...ds.train.xShape],
    xDtype: tokens ? 'i32' : 'f32',
    yShape: [...ds.train.yShape],
    classes: taskOf(ds) === 'regression' ? 0 : ds.header?.classes || ds.train.classes || 0,
    ...(tokens ? { tokenRange: max + 1 } : {}),
    count: ds.train.count,
    classNames: (ds.header as { classNames?: string[] | null } | null)?.classNames ?? null,
  };
}

/** Throws an Error saying how to fix the model (naming the layer) when it cannot train on the dataset. */
export function checkFits(spec: ModelSpec, ds: LoadedDataset | DatasetShape, name: string): void {
  const d = 'train' in ds ? describeDataset(ds, name, name) : ds;
  const problem = fitProblem(spec, summarize(spec).outShape, d);
  if (problem) throw new Error(problem.message);
}

/** Training settings for a model on a dataset without a preset. */
export function defaultTraining(ds: LoadedDataset): PresetTraining {
  switch (taskOf(ds)) {
    case 'regression':
      return { epochs: 50, batchSize: 32, optimizer: 'adam', lr: 1e-3, loss: 'mse' };
    case 'sequence':
      return { epochs: 10, batchSize: 64, optimizer: 'adamw', lr: 3e-3, loss: 'softmaxCrossEntropy', clipNorm: 1 };
    case 'classification':
      return ds.train.xShape.length === 3
        ? { epochs: 5, batchSize: 64, optimizer: 'adam', lr: 1e-3, loss: 'softmaxCrossEntropy' }
        : { epochs: 30, batchSize: 32, optimizer: 'adam', lr: 1e-3, loss: 'softmaxCrossEntropy' };
  }
}

/** The validation split when a run does not choose one. */
export const DEFAULT_VALIDATION_SPLIT = 0.1;

/**
 * The allowed range of each numeric training setting: the one source for the checks below and for the Train
 * form's inputs (the worker sends it to the page, `settingRanges`), so an input's min and max and the error's
 * range never disagree.
 */
export const SETTING_RANGES = {
  epochs: { min: 1, max: 100_000 },
  batchSize: { min: 1, max: 65_536 },
  /** A fraction of the training samples (the form shows it in percent). */
  validationSplit: { min: 0, max: 0.5 },
  weightDecay: { min: 0, max: 1 },
  patience: { min: 0, max: 10_000 },
  seed: { min: 0, max: 0xffffffff },
  stepGamma: { min: 0, max: 1 },
  checkpointEvery: { min: 1, max: Number.MAX_SAFE_INTEGER },
} as const satisfies Record<string, { min: number; max: number }>;
export type SettingRanges = typeof SETTING_RANGES;
const R = SETTING_RANGES;

const OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'adam', 'adamw'];
const SCHEDULES = ['constant', 'step', 'cosine'];

function wholeNumber(v: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max)
    throw new Error(
      `${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'} (it is ${v}).`,
    );
  return v;
}
function atLeast(v: number, name: string, min: number, max = Infinity): number {
  if (!Number.isFinite(v) || v < min || v > max)
    throw new Error(`${name} must be a number from ${min}${Number.isFinite(max) ? ` to ${max}` : ' up'} (it is ${v}).`);
  return v;
}

function checkSchedule(s: Schedule, lr: number): Schedule {
  if (!SCHEDULES.includes(s.kind))
    throw new Error(`The learning-rate schedule must be one of ${SCHEDULES.join(', ')} (it is "${s.kind}").`);
  if (s.warmupSteps !== undefined) wholeNumber(s.warmupSteps, 'Warm-up steps', 0);
  if (s.kind === 'step') {
    wholeNumber(s.every, 'The step schedule\'s "every" (steps between decays)', 1);
    atLeast(s.gamma, "The step schedule's decay factor", R.stepGamma.min, R.stepGamma.max);
  }
  if (s.kind === 'cosine' && s.minLr !== undefined)
    atLeast(s.minLr, "The cosine schedule's final learning rate", 0, lr);
  return s;
}

/**
 * The run's value, or `fallback` when the run leaves it out. An emptied form field arrives as null (Svelte's
 * number inputs) and is refused rather than quietly replaced by a default.
 */
function chosen<T>(v: T | null | undefined, fallback: T, name: string): T {
  if (v === null) throw new Error(`${name} is empty: enter a number.`);
  return v === undefined ? fallback : v;
}

/**
 * The training configuration of a new run: the run's own choices over the defaults `t` (a preset's or the
 * dataset's). Throws an Error naming the setting when a value is out of range, before anything is stored.
 */
export function trainConfig(o: RunChoices, t: PresetTraining, ignoreIndex: number): TrainConfig {
  const epochs = wholeNumber(chosen(o.epochs, t.epochs, 'Epochs'), 'Epochs', R.epochs.min, R.epochs.max);
  const batchSize = wholeNumber(
    chosen(o.batchSize, t.batchSize, 'Batch size'),
    'Batch size',
    R.batchSize.min,
    R.batchSize.max,
  );
  // No upper bound: a huge rate is a lesson in divergence (the run fails on a NaN loss with advice).
  const lr = atLeast(chosen(o.lr, t.lr, 'The learning rate'), 'The learning rate', 0);
  const kind = chosen(o.optimizer, t.optimizer, 'The optimizer');
  if (!OPTIMIZERS.includes(kind))
    throw new Error(`The optimizer must be one of ${OPTIMIZERS.join(', ')} (it is "${kind}").`);
  const weightDecay = chosen(o.weightDecay, t.weightDecay, 'Weight decay');
  if (weightDecay !== undefined) atLeast(weightDecay, 'Weight decay', R.weightDecay.min, R.weightDecay.max);
  const clip = chosen(o.clipNorm, t.clipNorm, 'Gradient clipping');
  if (clip !== undefined) atLeast(clip, 'Gradient clipping (the largest gradient norm)', 0);
  const validationSplit = atLeast(
    chosen(o.validationSplit, DEFAULT_VALIDATION_SPLIT, 'The validation split'),
    'The validation split',
    R.validationSplit.min,
    R.validationSplit.max,
  );
  const patience = wholeNumber(
    chosen(o.patience, 0, 'Early-stopping patience'),
    'Early-stopping patience',
    R.patience.min,
    R.patience.max,
  );
  if (patience > 0 && validationSplit === 0)
    throw new Error(
      'Early stopping watches the validation loss, so it needs a validation split above 0; set one or set the patience to 0.',
    );
  const seed = wholeNumber(chosen(o.seed, 1, 'The seed'), 'The seed', R.seed.min, R.seed.max);
  let schedule = chosen(o.schedule, t.schedule, 'The learning-rate schedule');
  // A warm-up on its own keeps the preset's schedule and adds the warm-up to it.
  const warmupSteps = chosen(o.warmupSteps, undefined, 'Warm-up steps');
  if (warmupSteps !== undefined) schedule = { ...(schedule ?? { kind: 'constant' }), warmupSteps };
  return {
    epochs,
    batchSize,
    optimizer: { kind, lr, ...(weightDecay !== undefined ? { weightDecay } : {}) },
    ...(schedule ? { schedule: checkSchedule(schedule, lr) } : {}),
    loss: t.loss,
    ignoreIndex,
    ...(clip ? { clipNorm: clip } : {}),
    validationSplit,
    ...(patience > 0 ? { earlyStopping: { patience } } : {}),
    seed,
    reportEveryMs: 250,
  };
}

/** A run's subsets and checkpoint interval, checked like the training settings (0 or absent: the whole split). */
export function runLimits(o: RunChoices): { limit: number | null; testLimit: number | null; checkpointEvery: number } {
  return {
    limit: wholeNumber(o.limit ?? 0, 'Training samples', 0) || null,
    testLimit: wholeNumber(o.testLimit ?? 0, 'Test samples', 0) || null,
    checkpointEvery: wholeNumber(
      chosen(o.checkpointEvery, 200, 'Checkpoint every (steps)'),
      'Checkpoint every (steps)',
      R.checkpointEvery.min,
      R.checkpointEvery.max,
    ),
  };
}
