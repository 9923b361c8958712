// The inference and inspection worker, through Comlink as the page uses it: gradients from the first batch and from
// a test sample, test samples with their text, large predict calls (batched inside), evaluate's per-sample
// predictions, attention maps of typed text (encoded with the dataset's own vocabulary), and a model that follows
// the run's checkpoints.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { ModelSpec } from '../src/engine/index.ts';
import type { WorkerEvent } from '../src/protocol/training.ts';
import { spawnWorkers } from './test-workers.ts';

const { training, inference, datasets, terminate } = spawnWorkers();
afterAll(terminate);

const blobsMlp: ModelSpec = {
  name: 'blobs MLP',
  input: { shape: [2] },
  seed: 1,
  layers: [
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dense', units: 3 },
  ],
};
const quiet = Comlink.proxy((_e: WorkerEvent) => {});

test('through the worker: gradients of a run from the first batch and from a chosen test sample', async () => {
  const run = await training.createRun({ presetId: 'iris', limit: 40, testLimit: 10, batchSize: 8 });
  try {
    const weights = await inference.weightHistograms(run.id);
    const fromTrain = await inference.gradientHistograms(run.id, { split: 'train' });
    expect(fromTrain.count).toBe(8);
    expect(fromTrain.histograms.map((h) => h.name)).toEqual(weights.map((h) => h.name));
    expect(fromTrain.histograms.every((h) => h.norm! > 0)).toBe(true);
    const fromSample = await inference.gradientHistograms(run.id, { split: 'test', index: 4 });
    expect(fromSample).toMatchObject({ count: 1, source: { split: 'test', index: 4 } });
    // No update: the weights are what they were.
    expect((await inference.weightHistograms(run.id)).map((h) => [h.min, h.max])).toEqual(
      weights.map((h) => [h.min, h.max]),
    );

    const s = await inference.testSample(run.id, 4);
    const page = await datasets.datasetSamples('iris', 'test', 4, 1);
    expect(s).toMatchObject({ index: 4, total: 10, xShape: [4] });
    expect(Array.from(s.x)).toEqual(Array.from(page.x));
    expect(Array.from(s.y)).toEqual(Array.from(page.y));
    await expect(inference.testSample(run.id, 10)).rejects.toThrow(/choose one from 0 to 9/);
  } finally {
    await training.deleteRun(run.id);
  }
});

test('a token test sample comes with its text, decoded by the same rules as the dataset export', async () => {
  const run = await training.createRun({ presetId: 'names-transformer', limit: 32, testLimit: 8 });
  try {
    const s = await inference.testSample(run.id, 3);
    expect(s.x).toBeInstanceOf(Int32Array);
    const details = await training.runDetails(run.id);
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
    const iris = await training.createRun({ presetId: 'iris', limit: 40, testLimit: 10 });
    expect((await inference.testSample(iris.id, 0)).text).toBeNull();
    await training.deleteRun(iris.id);
  } finally {
    await training.deleteRun(run.id);
  }
});

test('a predict call for thousands of rows comes back whole, each row as when predicted alone', async () => {
  const run = await training.createRun({ datasetId: 'blobs', spec: blobsMlp, epochs: 1, limit: 64 });
  try {
    // 1,500 points: three internal batches of 512, the last one partial.
    const n = 1500;
    const grid = Float32Array.from({ length: n * 2 }, (_, i) => Math.sin(i * 0.37) * 3);
    const probs = await inference.predict(run.id, grid.slice(), n);
    expect(probs).toHaveLength(n * 3);
    for (let i = 0; i < n; i++) expect(probs[3 * i] + probs[3 * i + 1] + probs[3 * i + 2]).toBeCloseTo(1, 5);
    // Rows on both sides of each batch edge, and the last one: each where it belongs.
    for (const i of [0, 511, 512, 1023, 1024, n - 1]) {
      const one = await inference.predict(run.id, grid.slice(2 * i, 2 * i + 2), 1);
      for (let k = 0; k < 3; k++) expect(probs[3 * i + k]).toBeCloseTo(one[k], 5);
    }
    await expect(inference.predict(run.id, new Float32Array(5), 3)).rejects.toThrow(
      /takes 2 values per sample, but 5 values came for 3 samples/,
    );
    await expect(inference.predict(run.id, Float32Array.from([1, 2, 3, NaN]), 2)).rejects.toThrow(
      /Value 2 of sample 2 is NaN, not a number the model can read/,
    );
  } finally {
    await training.deleteRun(run.id);
  }
});

test("evaluate returns each test sample's predicted class, which make up its confusion matrix", async () => {
  const run = await training.createRun({ datasetId: 'blobs', spec: blobsMlp, epochs: 1, limit: 64, testLimit: 40 });
  try {
    await training.start(run.id, quiet);
    const r = await inference.evaluate(run.id);
    expect(r.count).toBe(40);
    expect(r.predictions).toBeInstanceOf(Int32Array);
    expect(r.predictions).toHaveLength(40);
    const s = await inference.samples(run.id, r.count);
    const confusion = [0, 1, 2].map(() => [0, 0, 0]);
    for (let i = 0; i < s.count; i++) confusion[s.y[i]][r.predictions![i]]++;
    expect(confusion).toEqual(r.report!.confusion);
    expect(r.regression).toBeNull();
  } finally {
    await training.deleteRun(run.id);
  }
});

test("a regression run evaluates to MAE, RMSE and R² in the target's units, with predicted-vs-actual points", async () => {
  // Untrained (fresh weights): the metrics are checked against the outputs, not for being good.
  const run = await training.createRun({ presetId: 'cars-mpg', limit: 32, testLimit: 12 });
  try {
    const r = await inference.evaluate(run.id);
    // A regression run has no classes to predict.
    expect(r.predictions).toBeNull();
    expect(r.report).toBeNull();
    expect(r.count).toBe(12);
    const { predicted, actual } = r.scatter!;
    expect(predicted).toHaveLength(12);
    // The targets as stored: miles per gallon, not standardised.
    const s = await inference.samples(run.id, 12);
    expect(Array.from(actual)).toEqual(Array.from(s.y));
    expect(Math.min(...actual)).toBeGreaterThan(5);
    expect(Math.max(...actual)).toBeLessThan(60);
    let abs = 0;
    let sq = 0;
    for (let i = 0; i < 12; i++) {
      abs += Math.abs(predicted[i] - actual[i]);
      sq += (predicted[i] - actual[i]) ** 2;
    }
    expect(r.regression!.mae).toBeCloseTo(abs / 12, 4);
    expect(r.regression!.rmse).toBeCloseTo(Math.sqrt(sq / 12), 4);
    // The loss is the mean squared error of the same outputs.
    expect(Math.abs(r.regression!.rmse ** 2 / r.loss - 1)).toBeLessThan(1e-3);
    expect(r.regression!.r2).not.toBeNull();
  } finally {
    await training.deleteRun(run.id);
  }
});

test("attention for typed text uses the dataset's own vocabulary", async () => {
  const run = await training.createRun({ presetId: 'names-transformer', limit: 32, testLimit: 8 });
  try {
    const vocab = (await training.runDetails(run.id)).vocabulary!;
    const tokens = new Int32Array(16);
    ['a', 'd', 'a'].forEach((c, i) => (tokens[i + 1] = vocab.indexOf(c)));
    const typed = await inference.attentionMaps(run.id, { text: 'Ada!' });
    const given = await inference.attentionMaps(run.id, { tokens });
    expect(typed.map((m) => m.layer)).toEqual([2, 3]);
    expect(typed.map((m) => Array.from(m.weights))).toEqual(given.map((m) => Array.from(m.weights)));
    const iris = await training.createRun({ presetId: 'iris', limit: 40 });
    await expect(inference.attentionMaps(iris.id, { text: 'ada' })).rejects.toThrow(/character model/);
    await training.deleteRun(iris.id);
  } finally {
    await training.deleteRun(run.id);
  }
});

test('the inference worker follows the checkpoints the training worker saves', async () => {
  const run = await training.createRun({ datasetId: 'blobs', spec: blobsMlp, epochs: 1, limit: 64, lr: 0.1 });
  try {
    const point = Float32Array.of(0.5, -0.5);
    const before = await inference.predict(run.id, point.slice(), 1);
    await training.singleStep(run.id, quiet);
    const after = await inference.predict(run.id, point.slice(), 1);
    // One step of SGD-like training moved the weights: the second answer comes from the new checkpoint.
    expect(Array.from(after)).not.toEqual(Array.from(before));
    expect(await inference.predict(run.id, point.slice(), 1)).toEqual(after);
  } finally {
    await training.deleteRun(run.id);
  }
});
