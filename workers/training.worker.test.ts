// The training worker's run state machine through Comlink, as the page drives it: a pause that arrives while the
// run is still loading, a stop while nothing trains, a second start refused, and a run whose loss becomes NaN
// keeping its last good checkpoint.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { ModelSpec } from '../src/engine/index.ts';
import type { WorkerEvent } from '../src/protocol/training.ts';
import { spawnWorkers } from './test-workers.ts';

const { training, terminate } = spawnWorkers();
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
const collect = () => {
  const events: WorkerEvent[] = [];
  return { events, onEvent: Comlink.proxy((e: WorkerEvent) => void events.push(e)) };
};

test('stop while idle: nothing to stop is no error; a named run that could continue is marked stopped', async () => {
  expect(await training.phase()).toBe('idle');
  await training.stop();
  await training.pause();
  expect(await training.phase()).toBe('idle');
  const run = await training.createRun({ datasetId: 'blobs', spec: blobsMlp, epochs: 1, limit: 32 });
  try {
    await training.stop(run.id);
    expect((await training.listRuns()).find((r) => r.id === run.id)?.status).toBe('stopped');
    expect(await training.phase()).toBe('stopped');
  } finally {
    await training.deleteRun(run.id);
  }
});

test('pause while the run is starting: no step is taken, and the next start trains it', async () => {
  const run = await training.createRun({ datasetId: 'blobs', spec: blobsMlp, epochs: 1, limit: 64, batchSize: 16 });
  try {
    const { events, onEvent } = collect();
    const starting = training.start(run.id, onEvent);
    // Sent after start, so the worker receives it while the run loads (before its first step).
    await training.pause();
    // A second start while the first is still in progress is refused.
    await expect(training.start(run.id, onEvent)).rejects.toThrow(/already training/);
    const paused = await starting;
    expect(paused.globalStep).toBe(0);
    expect(events.filter((e) => e.kind === 'step')).toEqual([]);
    expect(await training.phase()).toBe('paused');
    const done = await training.start(run.id, onEvent);
    expect(done).toMatchObject({ status: 'finished', globalStep: 4 });
    expect(await training.phase()).toBe('finished');
    // Stopping a finished run changes nothing.
    await training.stop(run.id);
    expect((await training.listRuns()).find((r) => r.id === run.id)?.status).toBe('finished');
  } finally {
    await training.deleteRun(run.id);
  }
});

test('a run whose loss becomes NaN fails and keeps the checkpoint of the step before', async () => {
  const run = await training.createRun({
    presetId: 'cars-mpg',
    optimizer: 'sgd',
    lr: 1e20,
    epochs: 3,
    limit: 64,
    batchSize: 16,
    checkpointEvery: 1,
  });
  try {
    const { events, onEvent } = collect();
    const info = await training.start(run.id, onEvent);
    expect(info.status).toBe('failed');
    expect(await training.phase()).toBe('failed');
    const bad = events.find((e) => e.kind === 'step' && !Number.isFinite(e.loss));
    expect(bad?.kind === 'step' && bad.globalStep).toBeGreaterThan(1);
    const failedAt = bad?.kind === 'step' ? bad.globalStep : 0;
    expect(events.some((e) => e.kind === 'error' && /Lower the learning rate/.test(e.message))).toBe(true);
    // Checkpoints were saved up to the step before; none at or after the step that diverged.
    const saved = events.flatMap((e) => (e.kind === 'checkpoint' ? [e.globalStep] : []));
    expect(Math.max(...saved)).toBe(failedAt - 1);
    const details = await training.runDetails(run.id);
    expect(details.checkpointStep).toBe(failedAt - 1);
    expect((await training.listRuns()).find((r) => r.id === run.id)?.status).toBe('failed');
  } finally {
    await training.deleteRun(run.id);
  }
});

test('proposals for XOR, then for Iris, train in the same worker; the live check names the layer that misfits', async () => {
  for (const [id, classes] of [
    ['xor', 2],
    ['iris', 3],
  ] as const) {
    const { dataset, proposals } = await training.proposals(id);
    expect(dataset).toMatchObject({ id, task: 'classification', classes, xDtype: 'f32' });
    const mlp = proposals.find((p) => p.id === 'mlp')!;
    expect(await training.checkSpec(mlp.spec, id)).toMatchObject({ ok: true, error: null });
    const wrong = { ...mlp.spec, layers: [...mlp.spec.layers.slice(0, -1), { type: 'dense' as const, units: 10 }] };
    expect((await training.checkSpec(wrong, id)).error?.message).toMatch(
      new RegExp(`^Layer 2 \\(dense\\) has 10 outputs but “.+” has ${classes} classes: set units to ${classes}\\.$`),
    );
    const run = await training.createRun({ datasetId: id, spec: mlp.spec, epochs: 1, limit: 32, batchSize: 16 });
    try {
      expect(run.name).toMatch(/^MLP on /);
      const { onEvent } = collect();
      // One step each: the second dataset's batches come from its own set, not the first one's.
      expect(await training.singleStep(run.id, onEvent)).toMatchObject({ globalStep: 1 });
    } finally {
      await training.deleteRun(run.id);
    }
  }
});

test('a model far too large is refused at once, naming the layer and what fits, before anything is allocated', async () => {
  const huge: ModelSpec = {
    name: 'Huge',
    input: { shape: [2] },
    layers: [
      { type: 'dense', units: 1e9, activation: 'relu' },
      { type: 'dense', units: 3 },
    ],
  };
  const live = await training.checkSpec(huge, undefined, 32);
  expect(live.ok).toBe(false);
  expect(live.error?.path).toBe('layers[0]');
  expect(live.error?.message).toMatch(
    /^Layer 1 \(dense\): 3,000,000,000 parameters .* more than this GPU holds in one buffer/,
  );
  expect(live.error?.message).toMatch(/Use at most [\d,]+ units here/);
  await expect(training.createRun({ datasetId: 'blobs', spec: huge, epochs: 1 })).rejects.toThrow(
    /cannot be trained here: Layer 1 \(dense\): 3,000,000,000 parameters/,
  );
  // The worker is not stuck: it still answers.
  expect((await training.checkSpec(blobsMlp)).ok).toBe(true);
});
