// Test fixtures for the exporters: small specs that together use every layer kind, built on our engine with
// random weights (biases and batch-norm statistics too, so a swapped gate or axis shows), and their outputs.
import type { Engine } from '../engine/engine.ts';
import { Model } from '../engine/nn/model.ts';
import type { ModelSpec } from '../engine/nn/spec.ts';
import { uniformValues } from '../../kernels/common/random.mjs';
import type { ExportWeights } from './export-weights.ts';

/** Specs covering every layer kind the spec allows (each a few hundred parameters). */
export const FIXTURE_SPECS: ModelSpec[] = [
  {
    name: 'dense mix',
    input: { shape: [6] },
    layers: [
      { type: 'dense', units: 8, activation: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { type: 'batchNorm', epsilon: 0.01 },
      { type: 'dense', units: 7, activation: 'leakyRelu' },
      { type: 'activation', activation: 'gelu' },
      { type: 'dense', units: 6, activation: 'sigmoid', useBias: false },
      { type: 'residual', layers: [{ type: 'dense', units: 6, activation: 'tanh' }, { type: 'layerNorm' }] },
      { type: 'reshape', shape: [2, 3] },
      { type: 'dense', units: 4, activation: 'gelu' },
      { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'softmax' },
    ],
  },
  {
    name: 'conv net',
    input: { shape: [9, 8, 3] },
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' },
      { type: 'batchNorm' },
      { type: 'residual', layers: [{ type: 'conv2d', filters: 4, kernelSize: [3, 1], padding: 'same' }] },
      { type: 'maxPool2d', poolSize: 2, strides: 1, padding: 'same' },
      { type: 'conv2d', filters: 5, kernelSize: [2, 3], activation: 'tanh' },
      { type: 'avgPool2d', poolSize: 2, padding: 'same' },
      { type: 'flatten' },
      { type: 'dense', units: 4 },
    ],
  },
  {
    // What imported MobileNet-style models bring: zero padding, depthwise (grouped) bias-free conv, ReLU6.
    name: 'mobile block',
    input: { shape: [6, 6, 4] },
    layers: [
      { type: 'zeroPadding2d', pads: [1, 0, 0, 1] },
      { type: 'conv2d', filters: 8, kernelSize: 3, groups: 4, useBias: false, activation: 'relu6' },
      { type: 'batchNorm' },
      {
        type: 'residual',
        layers: [{ type: 'conv2d', filters: 8, kernelSize: 1, useBias: false }, { type: 'batchNorm' }],
      },
      { type: 'globalAvgPool2d' },
      { type: 'dense', units: 3 },
    ],
  },
  {
    name: 'conv head',
    input: { shape: [7, 6, 2] },
    layers: [
      { type: 'conv2d', filters: 3, kernelSize: 3, activation: 'softmax' },
      { type: 'avgPool2d', poolSize: [2, 3] },
      { type: 'conv2d', filters: 4, kernelSize: 1, activation: 'gelu' },
      { type: 'batchNorm' },
      { type: 'globalAvgPool2d' },
      { type: 'dense', units: 3 },
    ],
  },
  {
    name: 'recurrent',
    input: { shape: [5, 3] },
    layers: [
      { type: 'lstm', units: 4, returnSequences: true },
      { type: 'batchNorm' },
      { type: 'gru', units: 3, returnSequences: true, bidirectional: true },
      { type: 'simpleRNN', units: 4, returnSequences: true },
      { type: 'lstm', units: 3, bidirectional: true },
      { type: 'dense', units: 2 },
    ],
  },
  {
    name: 'recurrent last',
    input: { shape: [4], dtype: 'i32' },
    layers: [
      { type: 'embedding', vocabSize: 11, dim: 5 },
      { type: 'gru', units: 4 },
      { type: 'dense', units: 3 },
    ],
  },
  {
    name: 'simple rnn',
    input: { shape: [4], dtype: 'i32' },
    layers: [
      { type: 'embedding', vocabSize: 11, dim: 5 },
      { type: 'simpleRNN', units: 3, bidirectional: true, returnSequences: true },
      { type: 'simpleRNN', units: 3 },
    ],
  },
  {
    name: 'attention',
    input: { shape: [5], dtype: 'i32' },
    layers: [
      { type: 'embedding', vocabSize: 13, dim: 8 },
      { type: 'positionalEmbedding', maxLength: 7 },
      { type: 'multiHeadAttention', heads: 2, causal: true },
      { type: 'transformerBlock', heads: 4, mlpRatio: 2, dropout: 0.1 },
      { type: 'transformerBlock', heads: 2, causal: true },
      { type: 'multiHeadAttention', heads: 1 },
      { type: 'layerNorm', epsilon: 1e-3 },
      { type: 'dense', units: 13 },
    ],
  },
];

/** Random inputs for a spec: token ids below `vocab` for integer inputs, uniform in [-1, 1] otherwise. */
export function fixtureInput(spec: ModelSpec, batch: number, seed: number): Float32Array | Int32Array {
  const n = batch * spec.input.shape.reduce((a, b) => a * b, 1);
  const u = uniformValues(n, seed, -1, 1);
  if (spec.input.dtype !== 'i32') return u;
  const first = spec.layers[0];
  const vocab = first.type === 'embedding' ? first.vocabSize : 2;
  return Int32Array.from(u, (v) => Math.min(vocab - 1, Math.floor(((v + 1) / 2) * vocab)));
}

/**
 * Builds the spec on the engine with random weights (batch-norm variances positive), runs it in inference mode on
 * `input`, and returns the weights as a checkpoint holds them and the output.
 */
export async function runFixture(
  e: Engine,
  spec: ModelSpec,
  input: Float32Array | Int32Array,
  batch: number,
  seed = 5,
): Promise<{ weights: ExportWeights; output: Float32Array; outShape: number[] }> {
  const model = new Model(e, spec);
  try {
    let i = 0;
    const weights: ExportWeights = {};
    for (const [name, t] of model.tensors) {
      const v = uniformValues(t.size, seed * 1000 + i++, -0.6, 0.6);
      if (name.endsWith('movingVariance')) for (let j = 0; j < v.length; j++) v[j] = 0.5 + Math.abs(v[j]);
      e.scope(() => e.assign(t, e.tensor(v, t.shape)));
      weights[name] = { shape: [...t.shape], data: v };
    }
    const x = e.tensor(input, [batch, ...spec.input.shape], spec.input.dtype === 'i32' ? 'i32' : 'f32');
    const y = e.noGrad(() => e.scope(() => model.forward(x, { training: false })));
    const output = Float32Array.from((await y.data()) as Float32Array);
    const outShape = [...y.shape];
    x.dispose();
    y.dispose();
    return { weights, output, outShape };
  } finally {
    model.dispose();
  }
}

/** Largest |a - b| over two equally long arrays (Infinity when the lengths differ or a value is NaN). */
export function maxAbsError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}
