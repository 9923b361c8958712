// The Train view's state with the real training and inference workers, for a run whose only checkpoint was cut short
// on disk: the run is named with what is damaged, Resume and evaluation are refused with a sentence instead of a raw
// tensor error, and "start again from step 0 with the same settings" makes it trainable again (the checkpoint is
// written here through IndexedDB directly, as a torn write would leave it).
import { afterAll, expect, test } from 'vitest';
import { openDB } from 'idb';
import type { ModelSpec } from '../engine/index.ts';
import { InferenceClient } from './clients/inference-client.ts';
import { TrainingClient } from './clients/training-client.ts';
import { ConfirmState } from './confirm-state.svelte.ts';
import { PageAlert } from './page-alert.svelte.ts';
import { RunState } from './run-state.svelte.ts';

const spec: ModelSpec = {
  name: 'Torn MLP',
  input: { shape: [2] },
  seed: 1,
  layers: [
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dense', units: 3 },
  ],
};
const client = new TrainingClient();
const inference = new InferenceClient();
afterAll(() => {
  client.dispose();
  inference.dispose();
});

const f32 = (n: number) => new Float32Array(n).buffer;

test('a run whose checkpoint is cut short is named, refused, and can start again from step 0', async () => {
  const info = await client.createRun({ datasetId: 'blobs', spec, epochs: 1, limit: 32, batchSize: 8 }, () => {});
  // The checkpoint at step 4 as a write cut short leaves it: the first kernel holds 5 of its 16 floats.
  const raw = await openDB('dl-studio');
  const position = { epoch: 0, batch: 4, globalStep: 4, bestValLoss: null, epochsWithoutImprovement: 0 };
  const tensors = {
    'layers[0].kernel': { shape: [2, 8], data: f32(5) },
    'layers[0].bias': { shape: [8], data: f32(8) },
    'layers[1].kernel': { shape: [8, 3], data: f32(24) },
    'layers[1].bias': { shape: [3], data: f32(3) },
  };
  await raw.put('checkpoints', {
    runId: info.id,
    savedAt: Date.now(),
    position: { ...position, epochLossSum: 0, epochCorrect: 0, epochSeen: 0 },
    tensors,
    optimizer: { kind: 'adam', step: 4, state: {} },
  });
  const record = await raw.get('runs', info.id);
  await raw.put('runs', { ...record, status: 'paused', checkpointStep: 4 });
  raw.close();

  const alert = new PageAlert();
  const runs = new RunState(client, alert, new ConfirmState());
  await runs.refreshRuns();
  await runs.selectRun(info.id);
  expect(runs.damage?.kind).toBe('corrupt');
  expect(runs.damage?.message).toContain(`“${info.name}”`);
  expect(runs.damage?.message).toMatch(/“layers\[0\]\.kernel” holds 20 bytes where its shape \[2, 8\] needs 64/);
  expect(runs.canResume).toBe(false);

  // Evaluating is refused the same way by the inference worker.
  const evaluated = await inference.evaluate(info.id).then(
    () => null,
    (err: unknown) => err as Error,
  );
  expect(evaluated?.name).toBe('CorruptCheckpointError');
  expect(evaluated?.message).toContain(`“${info.name}”`);

  // Even asked directly, the worker refuses by name, and the page says what to do.
  await runs.resume();
  expect(alert.message).toMatch(/checkpoint is damaged.*delete the run or start it again from step 0/);
  expect(runs.damage?.kind).toBe('corrupt');

  await runs.restartRun(info.id);
  expect(runs.damage).toBeNull();
  expect(runs.checkpointStep).toBeNull();
  expect(runs.status).toBe('paused');
  expect(runs.canResume).toBe(true);
  expect(runs.details?.config.batchSize).toBe(8);
  expect(alert.message).toBeNull();
  await runs.deleteRun(info.id);
  expect(runs.runs.some((r) => r.id === info.id)).toBe(false);
});
