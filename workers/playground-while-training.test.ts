// The Playground answers while a run trains (defect 11): a prediction made between the run's checkpoints comes
// back within a few training steps, counted from the training worker's own checkpoint events (not wall-clock).
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { WorkerEvent } from '../src/protocol/training.ts';
import { spawnWorkers } from './test-workers.ts';

const { training, inference, terminate } = spawnWorkers();
afterAll(terminate);

test('text scoring during training answers within a few steps, though every checkpoint brings new weights', async () => {
  // The whole spam training set: reopening the run at each checkpoint copied and split it every time.
  const run = await training.createRun({ presetId: 'spam-bow-mlp', epochs: 20, checkpointEvery: 2, testLimit: 8 });
  try {
    // The inference worker has opened the run once (its dataset parsed, its model built) before training starts.
    await inference.classifyText(run.id, 'win money now');
    let step = 0;
    const t0 = performance.now();
    const onEvent = Comlink.proxy((e: WorkerEvent) => {
      if (e.kind === 'checkpoint') console.log(`[while training] ckpt ${e.globalStep} at ${(performance.now() - t0).toFixed(0)}`);
      if (e.kind === 'checkpoint') step = e.globalStep;
    });
    const trained = training.start(run.id, onEvent);
    await expect.poll(() => step, { timeout: 50_000 }).toBeGreaterThanOrEqual(4);
    const lags: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = step;
      const t = performance.now();
      const answer = await inference.classifyText(run.id, `click here to win a free prize ${i}`);
      expect(answer.probabilities).toHaveLength(2);
      lags.push(step - before);
      console.log(`[while training] call ${i}: ${(performance.now() - t).toFixed(0)} ms, steps ${before} -> ${step}`);
      // The next call comes after a newer checkpoint than the one this call saw.
      await expect.poll(() => step, { timeout: 20_000 }).toBeGreaterThan(before + 2);
    }
    await training.pause();
    await trained;
    console.log(`[while training] steps trained while each prediction was answered: ${lags.join(', ')}`);
    expect(Math.max(...lags)).toBeLessThanOrEqual(4);
  } finally {
    await training.deleteRun(run.id);
  }
}, 90_000);
