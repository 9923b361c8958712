// Gradient histograms and test samples for "Inside the model". On WebGPU, a softmax regression's gradients
// match the textbook formula computed here on the CPU (dW = xᵀ(p − onehot)/N), the weights stay as they were
// and no gradient is left on the parameters; through the real worker, both sources work and samples are the
// test split's own.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import { Engine, Model, type TrainConfig } from '../src/engine/index.ts';
import type { TrainerApi } from '../src/protocol/trainer.ts';
import { gradientHistograms, testSample } from './gradients.ts';

const e = await Engine.create();
const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module' });
const api = Comlink.wrap<TrainerApi>(worker);
afterAll(() => {
  worker.terminate();
  e.dispose();
});

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
  const train = { x, xShape: [D], y, yShape: [], count: N, classes: K };
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
  const r = await gradientHistograms(e, model, config, { train, test: train, testLimit: null }, { split: 'train' }, 10);
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
  const one = await gradientHistograms(
    e,
    model,
    config,
    { train, test: train, testLimit: 3 },
    { split: 'test', index: 2 },
    10,
  );
  expect(one.count).toBe(1);
  expect(Math.abs(one.histograms.find((h) => h.name === 'layers[0].bias')!.min)).toBeGreaterThan(0);
  await expect(
    gradientHistograms(e, model, config, { train, test: train, testLimit: 3 }, { split: 'test', index: 3 }),
  ).rejects.toThrow(/no test sample 3/);
  expect(testSample(train, null, 4).x).toEqual(x.slice(12, 15));
  model.dispose();
});

test('through the worker: gradients of a run from the first batch and from a chosen test sample', async () => {
  const run = await api.createRun({ presetId: 'iris', limit: 40, testLimit: 10, batchSize: 8 });
  try {
    const weights = await api.weightHistograms(run.id);
    const fromTrain = await api.gradientHistograms(run.id, { split: 'train' });
    expect(fromTrain.count).toBe(8);
    expect(fromTrain.histograms.map((h) => h.name)).toEqual(weights.map((h) => h.name));
    expect(fromTrain.histograms.every((h) => h.norm! > 0)).toBe(true);
    const fromSample = await api.gradientHistograms(run.id, { split: 'test', index: 4 });
    expect(fromSample).toMatchObject({ count: 1, source: { split: 'test', index: 4 } });
    // No update: the weights are what they were.
    expect((await api.weightHistograms(run.id)).map((h) => [h.min, h.max])).toEqual(weights.map((h) => [h.min, h.max]));

    const s = await api.testSample(run.id, 4);
    const page = await api.datasetSamples('iris', 'test', 4, 1);
    expect(s).toMatchObject({ index: 4, total: 10, xShape: [4] });
    expect(Array.from(s.x)).toEqual(Array.from(page.x));
    expect(Array.from(s.y)).toEqual(Array.from(page.y));
    await expect(api.testSample(run.id, 10)).rejects.toThrow(/choose one from 0 to 9/);
  } finally {
    await api.deleteRun(run.id);
  }
});

test('a token test sample comes with its text, decoded by the same rules as the dataset export', async () => {
  const run = await api.createRun({ presetId: 'names-transformer', limit: 32, testLimit: 8 });
  try {
    const s = await api.testSample(run.id, 3);
    expect(s.x).toBeInstanceOf(Int32Array);
    const details = await api.runDetails(run.id);
    const vocab = details.vocabulary!;
    // A name: the letters after the leading boundary token (0), up to the next boundary.
    const ids = Array.from(s.x);
    const end = ids.indexOf(0, 1);
    expect(s.text).toBe(
      ids
        .slice(1, end < 0 ? undefined : end)
        .map((id) => vocab[id])
        .join(''),
    );
    expect(s.text).toMatch(/^\p{L}[\p{L}'-]*$/u);
    const iris = await api.createRun({ presetId: 'iris', limit: 40, testLimit: 10 });
    expect((await api.testSample(iris.id, 0)).text).toBeNull();
    await api.deleteRun(iris.id);
  } finally {
    await api.deleteRun(run.id);
  }
});
