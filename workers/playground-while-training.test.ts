// The Playground answers while a run trains (defect 11): a prediction does not queue behind slow calls (evaluations
// asked for before it), and comes back within a few training steps although every step saves a checkpoint with new
// weights. Steps are counted from the training worker's checkpoint events, not from the clock.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { ModelSpec } from '../src/engine/index.ts';
import type { WorkerEvent } from '../src/protocol/training.ts';
import { spawnWorkers } from './test-workers.ts';

const { training, inference, terminate } = spawnWorkers();
afterAll(terminate);

const blobsMlp: ModelSpec = {
  name: 'blobs MLP',
  input: { shape: [2] },
  seed: 1,
  layers: [
    { type: 'dense', units: 16, activation: 'relu' },
    { type: 'dense', units: 3 },
  ],
};

test('a prediction during training goes ahead of waiting evaluations and answers within a few steps', async () => {
  const run = await training.createRun({
    datasetId: 'blobs',
    spec: blobsMlp,
    epochs: 200,
    batchSize: 8,
    limit: 64,
    checkpointEvery: 1,
  });
  let trained: Promise<unknown> = Promise.resolve();
  try {
    // Opened once in the inference worker before training starts.
    await inference.predict(run.id, new Float32Array([0, 0]), 1);
    let step = 0;
    const onEvent = Comlink.proxy((e: WorkerEvent) => {
      if (e.kind === 'checkpoint') step = e.globalStep;
    });
    trained = training.start(run.id, onEvent);
    await expect.poll(() => step, { timeout: 50_000 }).toBeGreaterThanOrEqual(3);

    // Two evaluations, then a prediction: the prediction is answered after at most the one already running.
    const order: string[] = [];
    const before = step;
    const calls = [
      inference.evaluate(run.id).then(() => order.push('evaluate 1')),
      inference.evaluate(run.id).then(() => order.push('evaluate 2')),
      inference.predict(run.id, new Float32Array([1, -1]), 1).then(() => order.push('predict')),
    ];
    await calls[2];
    const predictLag = step - before;
    await Promise.all(calls);
    expect(order.indexOf('predict')).toBeLessThanOrEqual(1);

    // Predictions one after another, each after newer checkpoints: each answers within a few steps.
    const lags: number[] = [];
    for (let i = 0; i < 4; i++) {
      const at = step;
      const p = await inference.predict(run.id, new Float32Array([i, 1]), 1);
      expect(p).toHaveLength(3);
      lags.push(step - at);
      await expect.poll(() => step, { timeout: 20_000 }).toBeGreaterThan(at + 1);
    }
    await training.pause();
    await trained;
    console.log(
      `[while training] steps trained while answering: ${predictLag} (behind evaluations), ${lags.join(', ')}`,
    );
    expect(Math.max(...lags)).toBeLessThanOrEqual(5);
    // Seconds of work, most of it two workers compiling their first pipelines: 22 s alone at load 11, within the
    // suite's one-minute limit.
  } finally {
    await training.pause();
    await trained.catch(() => undefined);
    await training.deleteRun(run.id);
  }
});
