// Runs on any dataset: checks that a model spec fits a dataset (input shape and dtype, output size, embedding
// range) with messages a student can act on, and picks training defaults when there is no preset.
import { summarize, type ArrayDataset, type ModelSpec, type TrainConfig } from '../src/engine/index.ts';
import type { PackHeader } from '../src/data/pack.ts';

export interface LoadedDataset {
  train: ArrayDataset;
  test: ArrayDataset;
  header: PackHeader | null;
}

type Task = 'classification' | 'regression' | 'sequence';

/** What the dataset asks of a model: class ids, numbers to regress, or next-token ids per position. */
export function taskOf(ds: LoadedDataset): Task {
  if (ds.train.y instanceof Float32Array) return 'regression';
  return ds.train.yShape.length > 0 ? 'sequence' : 'classification';
}

const fmt = (s: number[]) => `[${s.join(', ')}]`;

/** Throws an Error saying how to fix the model when it cannot train on the dataset. */
export function checkFits(spec: ModelSpec, ds: LoadedDataset, name: string): void {
  const xShape = ds.train.xShape;
  if (fmt(spec.input.shape) !== fmt(xShape)) {
    throw new Error(`The model's input shape is ${fmt(spec.input.shape)}, but each sample of "${name}" has shape ${fmt(xShape)}; set the input shape to ${fmt(xShape)}.`);
  }
  const tokens = ds.train.x instanceof Int32Array;
  if (tokens !== (spec.input.dtype === 'i32')) {
    throw new Error(tokens
      ? `"${name}" holds token ids (whole numbers), so the model's input dtype must be i32 and it should start with an Embedding layer.`
      : `"${name}" holds real numbers, so the model's input dtype must be f32 (not i32).`);
  }
  const out = summarize(spec).outShape;
  const task = taskOf(ds);
  const classes = ds.header?.classes || ds.train.classes || 0;
  const last = out[out.length - 1];
  if (task === 'classification' && (out.length !== 1 || last < classes)) {
    throw new Error(`"${name}" has ${classes} classes, so the model must end with Dense(${classes}) giving shape [${classes}]; it gives ${fmt(out)}.`);
  }
  if (task === 'sequence' && (fmt(out.slice(0, -1)) !== fmt(ds.train.yShape) || last < classes)) {
    throw new Error(`"${name}" predicts one of ${classes} tokens at each of ${ds.train.yShape[0]} positions, so the output must be ${fmt([...ds.train.yShape, classes])}; it is ${fmt(out)}.`);
  }
  const targets = ds.train.yShape.reduce((a, b) => a * b, 1);
  if (task === 'regression' && out.reduce((a, b) => a * b, 1) !== targets) {
    throw new Error(`"${name}" has ${targets} number${targets === 1 ? '' : 's'} to predict per sample, so the model must end with Dense(${targets}) and no activation; it gives ${fmt(out)}.`);
  }
  const embedding = spec.layers.find((l) => l.type === 'embedding');
  if (tokens && embedding?.type === 'embedding') {
    let max = 0;
    for (const part of [ds.train.x, ds.test.x]) for (let i = 0; i < part.length; i++) if (part[i] > max) max = part[i];
    if (embedding.vocabSize <= max) throw new Error(`"${name}" uses token ids up to ${max}, so the Embedding layer needs a vocabulary size of at least ${max + 1} (it has ${embedding.vocabSize}).`);
  }
}

/** Training settings for a model on a dataset without a preset. */
export function defaultTraining(ds: LoadedDataset): { epochs: number; batchSize: number; optimizer: 'adam' | 'adamw'; lr: number; loss: TrainConfig['loss']; clipNorm?: number } {
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
