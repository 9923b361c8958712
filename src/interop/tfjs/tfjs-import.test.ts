// Parity of imported TF.js layers models on our WebGPU engine with TensorFlow.js itself (CPU backend), on the same
// inputs, and fine-tuning from the imported weights. Max abs error is printed per model; the bound is 1e-4.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Engine } from '../../engine/engine.ts';
import { Model } from '../../engine/nn/model.ts';
import * as T from '../../engine/ops/api.ts';
import { backward, zeroGrad } from '../../engine/autograd.ts';
import { Adam } from '../../engine/optim.ts';
import type { Tensor } from '../../engine/tensor.ts';
import { normalValues, uniformValues } from '../../../kernels/common/random.mjs';
import { asLogits, importTfjsModel } from './index.ts';
import { assignWeights } from './load.ts';
import { cnn, mlp, randomize, recurrentModel, saveModel, teachable, tf, type tfl } from './test-models.ts';

const TOLERANCE = 1e-4;
let gpu: Engine;
const observed: string[] = [];
beforeAll(async () => {
  await tf.setBackend('cpu');
  gpu = await Engine.create();
});
afterAll(() => {
  console.log(`TF.js import parity (max abs error): ${observed.join(', ')}`);
  gpu.dispose();
});

/** Imports `m` through saved files, runs both on `x` and returns the largest difference. */
async function parity(name: string, m: tfl.LayersModel, x: Float32Array, batch: number, tokens = false) {
  randomize(m, 7);
  const files = await saveModel(m, { shards: 3 });
  const imported = importTfjsModel(files);
  const inShape = [batch, ...imported.spec.input.shape];
  const want = (await (m.predict(tf.tensor(x, inShape)) as tf.Tensor).data()) as Float32Array;
  const model = new Model(gpu, imported.spec);
  assignWeights(model, imported.weights);
  const input = tokens ? gpu.tensor(Int32Array.from(x), inShape, 'i32') : gpu.tensor(x, inShape);
  const y = gpu.noGrad(() => gpu.scope(() => model.forward(input, { training: false })));
  const got = (await y.data()) as Float32Array;
  [y, input].forEach((t) => t.dispose());
  model.dispose();
  expect(got.length).toBe(want.length);
  const err = got.reduce((a, v, i) => Math.max(a, Math.abs(v - want[i])), 0);
  observed.push(`${name} ${err.toExponential(1)}`);
  expect(err).toBeLessThanOrEqual(TOLERANCE);
}

describe('imported TF.js models give TensorFlow.js outputs on our kernels', () => {
  test('dense classifier (softmax output)', async () => {
    await parity('mlp', mlp(), normalValues(4 * 6, 1), 4);
  });
  test('CNN: conv same/strided, batch norm, zero padding, depthwise ×2 + ReLU6, separable, pooling', async () => {
    await parity('cnn', cnn(), normalValues(2 * 9 * 9 * 2, 2), 2);
  });
  test('Teachable-Machine-shaped: nested functional base with a residual Add, Sequential head', async () => {
    await parity('teachable', teachable(3), uniformValues(2 * 8 * 8 * 3, 3, -1, 1), 2);
  });
  test('Embedding → SimpleRNN (sequences) → Bidirectional LSTM → LSTM → Dense on token ids', async () => {
    const ids = Float32Array.from(uniformValues(3 * 5, 4, 0, 11), Math.floor);
    await parity('recurrent', recurrentModel(), ids, 3, true);
  });
});

describe('fine-tuning an imported model', () => {
  test('starts at the imported model’s own loss and lowers it in a few Adam steps', async () => {
    const m = mlp();
    randomize(m, 11);
    const imported = importTfjsModel(await saveModel(m));
    const n = 16;
    const xs = normalValues(n * 6, 5);
    const labels = Int32Array.from({ length: n }, (_, i) => (xs[i * 6] > 0 ? 0 : xs[i * 6 + 1] > 0 ? 1 : 2));
    // TensorFlow.js' cross-entropy of the model as exported: where our training must start.
    const probs = m.predict(tf.tensor(xs, [n, 6])) as tf.Tensor;
    const p = (await probs.data()) as Float32Array;
    const start = -labels.reduce((a, c, i) => a + Math.log(p[i * 3 + c]), 0) / n;
    const model = new Model(gpu, asLogits(imported.spec));
    assignWeights(model, imported.weights);
    const x = gpu.keep(gpu.tensor(xs, [n, 6]));
    const y = gpu.keep(gpu.tensor(labels, [n], 'i32'));
    const params = model.parameters();
    const opt = new Adam(gpu, params, { lr: 0.02 });
    const losses: number[] = [];
    for (let step = 0; step < 12; step++) {
      const loss = gpu.scope(() => {
        const l = T.softmaxCrossEntropy(model.forward(x, { training: false }), y);
        backward(l);
        opt.apply();
        zeroGrad(params);
        return l;
      }) as Tensor;
      losses.push(((await loss.data()) as Float32Array)[0]);
      loss.dispose();
    }
    opt.dispose();
    [x, y].forEach((t) => t.dispose());
    model.dispose();
    expect(Math.abs(losses[0] - start)).toBeLessThan(TOLERANCE * 10);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.8);
  });
});
