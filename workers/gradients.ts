// Gradients for "Inside the model": one forward and backward pass of the run's loss on a chosen batch (the first
// training batch, or one test sample), read back as histograms beside the weight histograms. No optimizer step
// is taken, and the gradients are taken off the parameters before any await, so a training step that runs
// in between neither sees them nor adds to them.
import {
  backward,
  bceWithLogits,
  mse,
  reshape,
  softmaxCrossEntropy,
  type ArrayDataset,
  type Engine,
  type Model,
  type Tensor,
  type TrainConfig,
} from '../src/engine/index.ts';
import type { GradientReport, GradientSource, TestSample } from '../src/protocol/trainer.ts';
import { histogram } from './studio-extras.ts';
import { decodeTokens } from '../src/storage/dataset-export.ts';
import type { PackHeader } from '../src/data/pack.ts';
import { sizeOf } from '../kernels/common/shape.mjs';

/** Features as the model reads them (byte pixels scaled by the set's `xScale`, when a set keeps bytes). */
function features(ds: ArrayDataset, x: ArrayDataset['x']): Float32Array | Int32Array {
  if (x instanceof Int32Array || x instanceof Float32Array) return x.slice();
  const scale = (ds as { xScale?: number }).xScale ?? 1;
  return Float32Array.from(x as ArrayLike<number>, (v) => v * scale);
}

/** Samples [from, from + count) of a dataset, copied, with features as the model reads them. */
export function slice(
  ds: ArrayDataset,
  from: number,
  count: number,
): { x: Float32Array | Int32Array; y: Float32Array | Int32Array; count: number } {
  const n = Math.max(0, Math.min(count, ds.count - from));
  const xs = sizeOf(ds.xShape);
  const ys = sizeOf(ds.yShape);
  return {
    x: features(ds, ds.x.subarray(from * xs, (from + n) * xs) as ArrayDataset['x']),
    y: ds.y.subarray(from * ys, (from + n) * ys).slice(),
    count: n,
  };
}

/** Test sample `index` of a run's test split (limited to `testLimit` samples when the run set one). */
export function testSample(
  test: ArrayDataset,
  testLimit: number | null,
  index: number,
  header: PackHeader | null = null,
): TestSample {
  const total = testLimit ? Math.min(testLimit, test.count) : test.count;
  if (!(Number.isInteger(index) && index >= 0 && index < total))
    throw new RangeError(`There is no test sample ${index}: choose one from 0 to ${total - 1}.`);
  const s = slice(test, index, 1);
  const text = s.x instanceof Int32Array && header?.vocabulary ? decodeTokens(header, s.x) : null;
  return { index, total, x: s.x, xShape: test.xShape.slice(), y: s.y, text };
}

/** The training loss of `config` for a batch (mean over samples; ignored targets left out, as in training). */
function lossOf(config: TrainConfig, logits: Tensor, y: Tensor): Tensor {
  if (config.loss === 'mse') return mse(reshape(logits, y.shape), y);
  if (config.loss === 'bceWithLogits') return bceWithLogits(reshape(logits, y.shape), y);
  return softmaxCrossEntropy(logits, y, {
    smoothing: config.labelSmoothing ?? 0,
    ignoreIndex: config.ignoreIndex ?? -100,
  });
}

/**
 * Histograms of d(loss)/d(parameter) for every trainable tensor of `model`, from one backward pass on the batch
 * chosen by `source` (the first `config.batchSize` training samples, or one test sample). Dropout is off, so the
 * same batch always gives the same gradients; the model's weights are not changed.
 */
export async function gradientHistograms(
  engine: Engine,
  model: Model,
  config: TrainConfig,
  data: { train: ArrayDataset; test: ArrayDataset; testLimit: number | null },
  source: GradientSource,
  bins = 30,
): Promise<GradientReport> {
  const batch =
    source.split === 'train'
      ? slice(data.train, 0, config.batchSize)
      : { ...testSample(data.test, data.testLimit, source.index), count: 1 };
  const count = batch.count;
  if (count < 1) throw new Error('There are no samples to compute gradients on.');
  const shape = model.spec.input.shape;
  const ds = source.split === 'train' ? data.train : data.test;
  const params = [...model.tensors].filter(([, t]) => t.isLeaf);
  for (const [, t] of params) {
    t.grad?.dispose();
    t.grad = null;
  }
  const grads: [string, Tensor][] = [];
  const loss = engine.scope(() => {
    const x = engine.tensor(batch.x, [count, ...shape]);
    const y = engine.tensor(batch.y, [count, ...ds.yShape]);
    const l = lossOf(config, model.forward(x, { training: false }), y);
    backward(l);
    // Take the gradients off the parameters at once (before any await): they are ours to read and free.
    for (const [name, t] of params) {
      if (t.grad) grads.push([name, t.grad]);
      t.grad = null;
    }
    return l;
  });
  try {
    const value = ((await loss.data()) as Float32Array)[0];
    const histograms = [];
    for (const [name, g] of grads) histograms.push(histogram(name, g.shape, (await g.data()) as Float32Array, bins));
    return { source, count, loss: value, histograms };
  } finally {
    loss.dispose();
    for (const [, g] of grads) g.dispose();
  }
}
