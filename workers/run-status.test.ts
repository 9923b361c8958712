// Run status through the real training worker: while a run trains it is listed as running; a run a closed tab left
// running in IndexedDB (its worker gone) is listed as interrupted and resumable from its checkpoint, its export is
// that latest checkpoint under the model's name (also as ONNX and as a zipped TF.js model), and a run with no
// checkpoint says so truly (resuming an interrupted run is e2e/resume-after-reload.spec.ts).
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { ModelSpec } from '../src/engine/index.ts';
import type { TrainingApi, WorkerEvent } from '../src/protocol/training.ts';
import { openStudioDb } from '../src/storage/db.ts';
import { decodeSafetensors } from '../src/storage/safetensors.ts';
import { decodeModel } from '../src/interop/onnx/proto.ts';
import { unzipSync } from 'fflate';

const workers: Worker[] = [];
const spawn = () => {
  const w = new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' });
  workers.push(w);
  return { worker: w, api: Comlink.wrap<TrainingApi>(w) };
};
afterAll(() => workers.forEach((w) => w.terminate()));

const spec: ModelSpec = {
  name: 'Blobs MLP',
  input: { shape: [2] },
  seed: 1,
  layers: [
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dense', units: 3 },
  ],
};

// One worker trains (its engine starts once); the second only lists and exports, which needs no GPU.
const first = spawn();
const ids: { trained?: string; never?: string } = {};

// The worker's engine starts (and compiles the MLP's shaders) on a throwaway run, so the tests time only what they
// check: 22 s on SwiftShader at load 12 (browser test files run one at a time on two cores), within the one-minute
// hook limit.
beforeAll(async () => {
  const warm = await first.api.createRun({ datasetId: 'blobs', spec, epochs: 1, limit: 8, batchSize: 8 });
  await first.api.singleStep(
    warm.id,
    Comlink.proxy(() => {}),
  );
  await first.api.deleteRun(warm.id);
});

test('a run is listed as running while it trains, and paused with its checkpoint step after', async () => {
  const { api } = first;
  const run = await api.createRun({
    datasetId: 'blobs',
    spec,
    epochs: 5,
    limit: 512,
    batchSize: 4,
    checkpointEvery: 10_000,
  });
  ids.trained = run.id;
  expect(run.status).toBe('created');
  let firstStep: () => void = () => {};
  const stepped = new Promise<void>((r) => (firstStep = r));
  const onEvent = Comlink.proxy((e: WorkerEvent) => e.kind === 'step' && firstStep());
  const training = api.start(run.id, onEvent);
  await stepped;
  // No checkpoint has been written yet (one every 10,000 steps or at the epoch's end), yet the status is true.
  expect((await api.listRuns()).find((r) => r.id === run.id)).toMatchObject({
    status: 'running',
    checkpointStep: null,
  });
  await api.pause();
  const paused = await training;
  expect(paused.status).toBe('paused');
  expect(paused.globalStep).toBeGreaterThan(0);
  expect((await api.listRuns()).find((r) => r.id === run.id)).toMatchObject({
    status: 'paused',
    checkpointStep: paused.globalStep,
  });
  // A second run that never trains.
  ids.never = (await api.createRun({ datasetId: 'blobs', spec, epochs: 1, limit: 64, batchSize: 8 })).id;
});

test('a run left running by a closed tab is interrupted, exportable from its last checkpoint', async () => {
  const trained = ids.trained!;
  const never = ids.never!;
  // "The tab closes mid-training": the worker is gone (its locks with it) and IndexedDB still says running.
  first.worker.terminate();
  const db = await openStudioDb();
  const step = (await db.get('checkpoints', trained))!.position.globalStep;
  const record = (await db.get('runs', trained))!;
  // As an older version left it: no checkpointStep on the record.
  delete record.checkpointStep;
  await db.put('runs', { ...record, status: 'running' });
  await db.put('runs', { ...(await db.get('runs', never))!, status: 'running' });

  const second = spawn().api;
  try {
    const listed = await second.listRuns();
    expect(listed.find((r) => r.id === trained)).toMatchObject({ status: 'interrupted', checkpointStep: step });
    expect(listed.find((r) => r.id === never)).toMatchObject({ status: 'interrupted', checkpointStep: null });
    expect((await db.get('runs', trained))?.status).toBe('interrupted');

    // The export is the latest checkpoint, named after the model, the run and the step.
    const out = await second.exportCheckpoint(trained);
    expect(out.step).toBe(step);
    expect(out.fileName).toMatch(
      new RegExp(`^Blobs-MLP_run-\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d_step-${step}\\.safetensors$`),
    );
    const { metadata } = decodeSafetensors(out.bytes);
    expect(metadata['studio.step']).toBe(String(step));
    expect(metadata['studio.format']).toBe('dl-studio/1');
    expect(metadata.format).toBeUndefined();
    // ONNX and TF.js files of the same checkpoint, with the dataset's class names.
    const onnxOut = await second.exportCheckpoint(trained, 'onnx');
    expect(onnxOut.fileName).toMatch(new RegExp(`_step-${step}\\.onnx$`));
    const model = decodeModel(onnxOut.bytes);
    expect(model.graph?.initializer?.map((t) => t.name)).toContain('layers.0.kernel');
    expect(model.graph?.output?.[0].type?.tensorType?.shape?.dim?.map((d) => d.dimParam || d.dimValue)).toEqual([
      'batch',
      3,
    ]);
    const tfjsOut = await second.exportCheckpoint(trained, 'tfjs');
    expect(tfjsOut.fileName).toMatch(new RegExp(`_step-${step}\\.tfjs\\.zip$`));
    const files = unzipSync(tfjsOut.bytes);
    expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
    expect(files['weights.bin'].byteLength).toBe(4 * (2 * 8 + 8 + 8 * 3 + 3));
    // Only a run with truly no checkpoint says so.
    await expect(second.exportCheckpoint(never)).rejects.toThrow(/has no checkpoint yet/);
  } finally {
    await second.deleteRun(trained);
    await second.deleteRun(never);
    db.close();
  }
});
