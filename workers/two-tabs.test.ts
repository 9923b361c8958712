// Two tabs (two training workers on one origin, as two tabs would have): a run one trains is refused to the other,
// for training and for deleting, with a sentence saying where it trains; every change is announced to all tabs on a
// BroadcastChannel; and a finished run is refused rather than trained past its epochs.
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { ModelSpec } from '../src/engine/index.ts';
import type { TrainingApi, WorkerEvent } from '../src/protocol/training.ts';

const workers: Worker[] = [];
const spawn = () => {
  const w = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' });
  workers.push(w);
  return Comlink.wrap<TrainingApi>(w);
};
const announced: string[] = [];
const channel = new BroadcastChannel('dl-studio-runs');
channel.onmessage = (e: MessageEvent<{ runId: string }>) => announced.push(e.data.runId);
afterAll(() => {
  workers.forEach((w) => w.terminate());
  channel.close();
});

const spec: ModelSpec = {
  name: 'Blobs MLP',
  input: { shape: [2] },
  seed: 1,
  layers: [
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dense', units: 3 },
  ],
};
const tabA = spawn();
const tabB = spawn();
const quiet = Comlink.proxy(() => {});

// Tab A's engine starts (and compiles the MLP) on a run that trains to its end: the finished run of the last test.
let finishedId = '';
beforeAll(async () => {
  const run = await tabA.createRun({ datasetId: 'blobs', spec, epochs: 1, limit: 16, batchSize: 8 });
  finishedId = run.id;
  expect((await tabA.start(run.id, quiet)).status).toBe('finished');
});

test('a run training in one tab cannot be trained or deleted from another, and changes reach every tab', async () => {
  const run = await tabA.createRun({
    datasetId: 'blobs',
    spec,
    epochs: 50,
    limit: 512,
    batchSize: 4,
    checkpointEvery: 10_000,
  });
  await expect.poll(() => announced.includes(run.id)).toBe(true);
  let firstStep: () => void = () => {};
  const stepped = new Promise<void>((r) => (firstStep = r));
  const training = tabA.start(
    run.id,
    Comlink.proxy((e: WorkerEvent) => e.kind === 'step' && firstStep()),
  );
  await stepped;
  await expect(tabB.start(run.id, quiet)).rejects.toThrow(/is training in another tab or window/);
  await expect(tabB.singleStep(run.id, quiet)).rejects.toThrow(/is training in another tab or window/);
  await expect(tabB.deleteRun(run.id)).rejects.toThrow(/training in another tab or window .* stop it there/);
  // Tab B lists it as running (its status is true everywhere), not as interrupted.
  expect((await tabB.listRuns()).find((r) => r.id === run.id)?.status).toBe('running');
  announced.length = 0;
  await tabA.pause();
  expect((await training).status).toBe('paused');
  await expect.poll(() => announced.includes(run.id)).toBe(true);
  // Once it rests, the other tab may delete it.
  await tabB.deleteRun(run.id);
  expect((await tabA.listRuns()).some((r) => r.id === run.id)).toBe(false);
});

test('a finished run is refused, not trained past its epochs', async () => {
  await expect(tabA.start(finishedId, quiet)).rejects.toThrow(/has finished training\. Start a new run/);
  await expect(tabB.singleStep(finishedId, quiet)).rejects.toThrow(/has finished training/);
  expect((await tabA.listRuns()).find((r) => r.id === finishedId)?.status).toBe('finished');
});
