// Gradients for "Inside the model": one forward and backward pass of the run's loss on a chosen batch (the first
// training batch, or one test sample), read back as histograms beside the weight histograms. No optimizer step
// is taken, and the gradients are taken off the parameters before any await, so a training step that runs
// in between neither sees them nor adds to them.
import { backward } from '../autograd.ts';
import { bceWithLogits, mse, reshape, softmaxCrossEntropy } from '../ops/api.ts';
import type { Engine } from '../engine.ts';
import type { Model } from '../nn/model.ts';
import type { Tensor } from '../tensor.ts';
import type { TrainConfig } from './types.ts';
import { histogram, type WeightHistogram } from './histograms.ts';

/** Where the gradients of "Inside the model" come from: the first training batch, or one test sample. */
export type GradientSource = { split: 'train' } | { split: 'test'; index: number };

/** Histograms of d(loss)/d(parameter) from one backward pass (no update is applied). */
export interface GradientReport {
  source: GradientSource;
  /** Samples in the batch, and its mean loss. */
  count: number;
  loss: number;
  histograms: WeightHistogram[];
}

/** A batch as the model reads it: features and labels of `count` samples, labels of `yShape` each. */
export interface Batch {
  x: Float32Array | Int32Array;
  y: Float32Array | Int32Array;
  yShape: number[];
  count: number;
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
 * Histograms of d(loss)/d(parameter) for every trainable tensor of `model`, from one backward pass on `batch` (the
 * caller picks it by `source`: the first `config.batchSize` training samples, or one test sample). Dropout is off,
 * so the same batch always gives the same gradients; the model's weights are not changed.
 */
export async function gradientHistograms(
  engine: Engine,
  model: Model,
  config: TrainConfig,
  batch: Batch,
  source: GradientSource,
  bins = 30,
): Promise<GradientReport> {
  const count = batch.count;
  if (count < 1) throw new Error('There are no samples to compute gradients on.');
  const shape = model.spec.input.shape;
  const params = [...model.tensors].filter(([, t]) => t.isLeaf);
  for (const [, t] of params) {
    t.grad?.dispose();
    t.grad = null;
  }
  const grads: [string, Tensor][] = [];
  const loss = engine.scope(() => {
    const x = engine.tensor(batch.x, [count, ...shape]);
    const y = engine.tensor(batch.y, [count, ...batch.yShape]);
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
