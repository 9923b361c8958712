// Stored data that is damaged or gone, read as the workers read it: a checkpoint cut short or missing a tensor, a
// checkpoint or an imported dataset the browser cleared (deleted here behind the app's back), and a connection closed
// because a newer version opened the database. Each gives a typed error with a sentence, never a raw engine or
// IndexedDB error.
import { afterAll, describe, expect, test } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { encodePack, type PackHeader } from '../data/pack.ts';
import { Engine, PRESETS, type TrainConfig } from '../engine/index.ts';
import { captureCheckpoint } from './checkpoints.ts';
import { DB_VERSION, openStudioDb, resetRun, saveCheckpoint, type RunRecord, type StudioDb } from './db.ts';
import { loadDataset } from './dataset-loader.ts';
import { saveDataset } from './datasets.ts';
import { closeRun, openRun } from './open-run.ts';
import { runDetails } from './run-details.ts';

const e = await Engine.create();
afterAll(() => e.dispose());
const preset = PRESETS.find((p) => p.id === 'blobs')!;
const config: TrainConfig = {
  epochs: 1,
  batchSize: 16,
  optimizer: { kind: 'adam', lr: 0.02 },
  loss: 'softmaxCrossEntropy',
  seed: 3,
  reportEveryMs: 0,
};

function runRecord(id: string): RunRecord {
  const now = Date.now();
  return {
    ...{ id, name: `Blobs run ${id}`, presetId: 'blobs', datasetId: 'blobs', spec: preset.spec, config },
    ...{ limit: 64, testLimit: null, checkpointEvery: 100, status: 'paused', checkpointStep: null },
    ...{ createdAt: now, updatedAt: now, history: [] },
  };
}

/** A run with a real checkpoint after two steps, stored as the training worker stores it. */
async function storedRun(db: StudioDb, id: string): Promise<void> {
  const run = runRecord(id);
  await db.put('runs', run);
  const r = await openRun(e, db, id);
  await r.trainer.step();
  await r.trainer.step();
  const ckpt = await captureCheckpoint(r.trainer, id);
  await saveCheckpoint(db, ckpt, { checkpointStep: ckpt.position.globalStep });
  closeRun(r);
}

const thrown = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (err: unknown) => err as Error,
  );

describe('damaged or cleared stored data', () => {
  test('a checkpoint tensor cut short names the run; the run starts again from step 0 with its settings', async () => {
    await deleteDB('damaged-1');
    const db = await openStudioDb('damaged-1');
    await storedRun(db, 'cut');
    const ckpt = (await db.get('checkpoints', 'cut'))!;
    const kernel = ckpt.tensors['layers[0].kernel'];
    ckpt.tensors['layers[0].kernel'] = { shape: kernel.shape, data: kernel.data.slice(0, kernel.data.byteLength - 8) };
    await db.put('checkpoints', ckpt);

    const err = await thrown(openRun(e, db, 'cut'));
    expect(err?.name).toBe('CorruptCheckpointError');
    expect(err?.message).toMatch(/“Blobs run cut” is damaged \(the tensor “layers\[0\]\.kernel” holds \d+ bytes/);
    expect(err?.message).toMatch(/Delete the run, or start it again from step 0/);
    const details = await runDetails(db, 'cut');
    expect(details.damage?.kind).toBe('corrupt');
    expect(details.damage?.message).toContain('Blobs run cut');

    // Only the latest checkpoint is kept, so the way back is step 0 with the same settings.
    const reset = await resetRun(db, 'cut');
    expect(reset).toMatchObject({ status: 'paused', checkpointStep: null, history: [], config });
    expect(await db.get('checkpoints', 'cut')).toBeUndefined();
    expect((await runDetails(db, 'cut')).damage).toBeNull();
    const fresh = await openRun(e, db, 'cut');
    expect(fresh.trainer.position.globalStep).toBe(0);
    closeRun(fresh);
    db.close();
  });

  test('a missing tensor and a missing optimizer moment are named too', async () => {
    await deleteDB('damaged-2');
    const db = await openStudioDb('damaged-2');
    await storedRun(db, 'gone');
    const ckpt = (await db.get('checkpoints', 'gone'))!;
    delete ckpt.tensors['layers[1].bias'];
    await db.put('checkpoints', ckpt);
    expect((await thrown(openRun(e, db, 'gone')))?.message).toMatch(/the tensor “layers\[1\]\.bias” is missing/);

    await storedRun(db, 'moment');
    const c2 = (await db.get('checkpoints', 'moment'))!;
    c2.optimizer.state['layers[0].bias'][1] = new ArrayBuffer(3);
    await db.put('checkpoints', c2);
    const err = await thrown(openRun(e, db, 'moment'));
    expect(err?.name).toBe('CorruptCheckpointError');
    expect(err?.message).toMatch(/optimizer state 2 of “layers\[0\]\.bias” holds 3 bytes/);
    db.close();
  });

  test('a checkpoint the browser cleared (the run says it had one) is a sentence, not fresh weights', async () => {
    await deleteDB('damaged-3');
    const db = await openStudioDb('damaged-3');
    await storedRun(db, 'evicted');
    await db.delete('checkpoints', 'evicted');
    const err = await thrown(openRun(e, db, 'evicted'));
    expect(err?.name).toBe('StorageEvictedError');
    expect(err?.message).toMatch(/checkpoint of “Blobs run evicted” \(step 2\).*browser cleared.*persistent storage/);
    expect((await runDetails(db, 'evicted')).damage?.kind).toBe('evicted');
    db.close();
  });

  test('an imported dataset listed without its bytes says the browser cleared it', async () => {
    await deleteDB('damaged-4');
    const db = await openStudioDb('damaged-4');
    const meta: Omit<PackHeader, 'xBytes' | 'yBytes'> = {
      ...{ id: 'imported-pets', title: 'My pets', description: 'two', source: 'test', license: 'none', count: 2 },
      ...{ xShape: [2], xDtype: 'f32', xScale: 1, yShape: [], yDtype: 'i32', classes: 2, classNames: ['a', 'b'] },
      ...{ splits: { train: [0, 1], test: [1, 2] }, splitRule: 'first train' },
    };
    const pack = encodePack(meta, Float32Array.from([1, 2, 3, 4]), Int32Array.from([0, 1]));
    const record = { id: 'imported-pets', title: 'My pets', source: 'imported' as const, count: 2 };
    await saveDataset(db, { ...record, bytes: pack.byteLength, pack, storedAt: Date.now() });
    await db.delete('datasets', 'imported-pets');
    const err = await thrown(loadDataset(db, 'imported-pets'));
    expect(err?.name).toBe('StorageEvictedError');
    expect(err?.message).toMatch(/imported dataset “My pets” is no longer in this browser’s storage.*re-import/);
    db.close();
  });

  test('after a newer version opens the database elsewhere, every call says to reload (no InvalidStateError)', async () => {
    await deleteDB('damaged-5');
    const db = await openStudioDb('damaged-5');
    await db.put('runs', runRecord('kept'));
    // "Another tab" with a newer studio: our connection closes itself so the upgrade is not blocked.
    const newer = await openDB('damaged-5', DB_VERSION + 1);
    // A call throws as the raw InvalidStateError did (transaction() at once); inside async code that is a rejection.
    for (const call of [
      async () => db.get('runs', 'kept'),
      async () => db.getAll('runs'),
      async () => db.transaction('runs'),
    ]) {
      const err = await thrown(call());
      expect(err?.name).toBe('StudioUpdatedError');
      expect(err?.message).toMatch(/updated in another tab.*Reload this page/);
    }
    newer.close();
  });

  test('a database emptied under an open tab (its data cleared) says so on every later call', async () => {
    await deleteDB('damaged-6');
    const db = await openStudioDb('damaged-6');
    await db.put('runs', runRecord('lost'));
    // Our connection steps aside, so the deletion goes through instead of waiting on this tab.
    await deleteDB('damaged-6');
    const err = await thrown((async () => db.get('runs', 'lost'))());
    expect(err?.name).toBe('StorageEvictedError');
    expect(err?.message).toMatch(/saved data is no longer in this browser’s storage.*persistent storage/);
  });
});
