// Gradient histograms for "Inside the model" on WebGPU: a softmax regression's gradients match the textbook
// formula computed here on the CPU (dW = xᵀ(p − onehot)/N), the weights stay as they were and no gradient is left
// on the parameters. (Through the worker, with test samples: workers/inference.worker.test.ts.)
import { afterAll, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import { Model } from '../nn/model.ts';
import type { TrainConfig } from './types.ts';
import { gradientHistograms } from './gradients.ts';

const e = await Engine.create();
afterAll(() => e.dispose());

test('softmax regression: gradient histograms match dW = xᵀ(p − onehot)/N; weights unchanged, no gradient left', async () => {
  const [N, D, K] = [5, 3, 2];
  const model = new Model(e, {
    name: 'softmax regression',
    input: { shape: [D] },
    seed: 3,
    layers: [{ type: 'dense', units: K }],
  });
  const x = Float32Array.from({ length: N * D }, (_, i) => Math.sin(i * 1.7) * 2);
  const y = Int32Array.from({ length: N }, (_, i) => i % K);
  const config: TrainConfig = {
    epochs: 1,
    batchSize: 4,
    optimizer: { kind: 'sgd', lr: 0.1 },
    loss: 'softmaxCrossEntropy',
    seed: 1,
  };
  const W = Float32Array.from((await model.tensors.get('layers[0].kernel')!.data()) as Float32Array);
  const b = Float32Array.from((await model.tensors.get('layers[0].bias')!.data()) as Float32Array);

  // The first batch is the first 4 samples.
  const n = config.batchSize;
  const dW = new Float64Array(D * K);
  const db = new Float64Array(K);
  let loss = 0;
  for (let s = 0; s < n; s++) {
    const z = Array.from(
      { length: K },
      (_, k) => b[k] + Array.from({ length: D }, (_, d) => x[s * D + d] * W[d * K + k]).reduce((a, c) => a + c, 0),
    );
    const m = Math.max(...z);
    const ez = z.map((v) => Math.exp(v - m));
    const sum = ez.reduce((a, c) => a + c, 0);
    loss -= Math.log(ez[y[s]] / sum) / n;
    for (let k = 0; k < K; k++) {
      const g = (ez[k] / sum - (k === y[s] ? 1 : 0)) / n;
      db[k] += g;
      for (let d = 0; d < D; d++) dW[d * K + k] += x[s * D + d] * g;
    }
  }
  const first = { x: x.slice(0, n * D), y: y.slice(0, n), yShape: [], count: n };
  const r = await gradientHistograms(e, model, config, first, { split: 'train' }, 10);
  expect(r.count).toBe(n);
  expect(r.loss).toBeCloseTo(loss, 4);
  const byName = Object.fromEntries(r.histograms.map((h) => [h.name, h]));
  expect(Object.keys(byName).sort()).toEqual(['layers[0].bias', 'layers[0].kernel']);
  for (const [name, want] of [
    ['layers[0].kernel', dW],
    ['layers[0].bias', db],
  ] as const) {
    const h = byName[name];
    expect(h.counts.reduce((a, c) => a + c, 0)).toBe(want.length);
    expect(h.min).toBeCloseTo(Math.min(...want), 5);
    expect(h.max).toBeCloseTo(Math.max(...want), 5);
    expect(h.norm!).toBeCloseTo(Math.hypot(...want), 5);
  }
  expect(Array.from((await model.tensors.get('layers[0].kernel')!.data()) as Float32Array)).toEqual(Array.from(W));
  for (const t of model.parameters()) expect(t.grad).toBeNull();

  // One test sample: a batch of one, the sample's own gradient (bias gradient = p − onehot).
  const sample = { x: x.slice(2 * D, 3 * D), y: y.slice(2, 3), yShape: [], count: 1 };
  const one = await gradientHistograms(e, model, config, sample, { split: 'test', index: 2 }, 10);
  expect(one.count).toBe(1);
  expect(Math.abs(one.histograms.find((h) => h.name === 'layers[0].bias')!.min)).toBeGreaterThan(0);
  await expect(
    gradientHistograms(e, model, config, { ...sample, count: 0 }, { split: 'test', index: 3 }),
  ).rejects.toThrow(/no samples/);
  model.dispose();
});
