// Importing a TF.js layers model through the training worker, as the page does: the run is listed with its labels,
// predicts what TensorFlow.js predicts, evaluates, and trains on from the imported weights; a bad import stores
// nothing.
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { ModelFileData, WorkerEvent } from '../src/protocol/training.ts';
import { spawnWorkers } from './test-workers.ts';
import { randomize, saveModel, tf, tfl } from '../src/interop/tfjs/test-models.ts';
import { normalValues } from '../kernels/common/random.mjs';

const { training, inference, terminate } = spawnWorkers();
afterAll(terminate);
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A blobs classifier ([2] → 3 classes) as Teachable Machine would ship it: softmax output, metadata labels. */
async function blobsModel(labels = ['red', 'green', 'blue']) {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [2], units: 8, activation: 'relu' }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  randomize(m, 3);
  return { m, files: (await saveModel(m, { shards: 2, labels })) as ModelFileData[] };
}

test('an imported model is a paused run that predicts like TensorFlow.js, evaluates, and fine-tunes', async () => {
  const { m, files } = await blobsModel();
  const events: WorkerEvent[] = [];
  const run = await training.importTfjs(
    files,
    { datasetId: 'blobs', epochs: 1, limit: 64, batchSize: 16 },
    Comlink.proxy((e: WorkerEvent) => void events.push(e)),
  );
  try {
    expect(events.filter((e) => e.kind === 'import').map((e) => e.kind === 'import' && e.stage)).toEqual([
      'converting',
      'checking',
      'storing',
    ]);
    const listed = (await training.listRuns()).find((r) => r.id === run.id);
    expect(listed).toMatchObject({
      status: 'paused',
      checkpointStep: 0,
      importedFrom: 'tfjs-layers',
      labels: ['red', 'green', 'blue'],
    });
    expect(listed?.name).toMatch(/tm-my-image-model.*\(imported TF\.js\)/);
    // The model's own labels name its classes in the Evaluate and Playground views.
    expect((await training.runDetails(run.id)).classNames).toEqual(['red', 'green', 'blue']);
    // The stored model ends in logits; predictions apply the softmax, so they are the exported model's outputs.
    const x = normalValues(8, 9);
    const got = await inference.predict(run.id, x, 4);
    const want = (await (m.predict(tf.tensor(x, [4, 2])) as tf.Tensor).data()) as Float32Array;
    expect(Math.max(...got.map((v, i) => Math.abs(v - want[i])))).toBeLessThan(1e-5);
    const report = await inference.evaluate(run.id);
    expect(report.loss).toBeGreaterThan(0);
    // Training goes on from the imported weights: the first step's loss is the imported model's.
    const stepped: WorkerEvent[] = [];
    const after = await training.singleStep(
      run.id,
      Comlink.proxy((e: WorkerEvent) => void stepped.push(e)),
    );
    expect(after.globalStep).toBe(1);
    expect(stepped.some((e) => e.kind === 'step')).toBe(true);
  } finally {
    await training.deleteRun(run.id);
  }
});

test('a missing shard, a damaged file or a model that does not fit the dataset stores nothing', async () => {
  const before = (await training.listRuns()).length;
  const { files } = await blobsModel();
  await expect(training.importTfjs(files.slice(0, 2), { datasetId: 'blobs' })).rejects.toThrow(
    /group1-shard2of2\.bin.*not among the chosen files/,
  );
  const cut = files.map((f, i) => (i === 1 ? { ...f, bytes: f.bytes.slice(0, 7) } : f));
  await expect(training.importTfjs(cut, { datasetId: 'blobs' })).rejects.toThrow(/truncated/);
  const { files: three } = await blobsModel(['a', 'b', 'c']);
  // XOR has two classes; the model gives three.
  await expect(training.importTfjs(three, { datasetId: 'xor' })).rejects.toThrow(
    /cannot become a run on the dataset chosen in the Model tab \(xor\)/,
  );
  expect((await training.listRuns()).length).toBe(before);
});
