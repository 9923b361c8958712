// Schema upgrades of real stored data from every older version (each built as that version's code built it),
// and strict durability on the writes that must survive a power cut.
import { describe, expect, test } from 'vitest';
import { deleteDB, openDB, type IDBPDatabase } from 'idb';
import { encodePack } from '../data/pack.ts';
import { DB_VERSION, deleteRun, openStudioDb, saveCheckpoint, type RunRecord, type StudioDb } from './db.ts';
import { deleteDataset, listStoredDatasets, saveDataset } from './datasets.ts';
import { deleteModel, listModels, saveModel } from './models.ts';

const pack = encodePack(
  {
    id: 'old-set',
    title: 'Old set',
    description: '',
    source: 'test',
    license: 'none',
    count: 2,
    xShape: [2],
    xDtype: 'f32',
    xScale: 1,
    yShape: [],
    yDtype: 'u8',
    classes: 2,
    splits: { train: [0, 1], test: [1, 2] },
    splitRule: 'first one trains',
  },
  Float32Array.from([1, 2, 3, 4]),
  Uint8Array.from([0, 1]),
);
const dataset = {
  id: 'old-set',
  title: 'Old set',
  source: 'imported' as const,
  count: 2,
  bytes: pack.byteLength,
  pack,
};
const runRecord = { id: 'old-run', name: 'kept', status: 'finished', createdAt: 1, updatedAt: 2, history: [] };
const checkpoint = { runId: 'old-run', step: 7, params: [] };
const model = {
  id: 'm1',
  name: 'm',
  fileName: 'm.onnx',
  format: 'onnx' as const,
  bytes: 2,
  signature: { inputs: [], outputs: [] },
  engine: { engine: 'studio' as const, backend: null, reason: null, missing: [] },
  labels: null,
  createdAt: 1,
};

/** The stores each old version created, in the order its upgrade code ran. */
const VERSIONS: Record<number, (db: IDBPDatabase) => void> = {
  1: (db) => {
    db.createObjectStore('datasets', { keyPath: 'id' });
    db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    db.createObjectStore('checkpoints', { keyPath: 'runId' });
    db.createObjectStore('settings');
  },
  2: (db) => {
    VERSIONS[1](db);
    db.createObjectStore('datasetInfo', { keyPath: 'id' });
  },
  3: (db) => {
    VERSIONS[2](db);
    db.createObjectStore('kernelTuning', { keyPath: 'fingerprint' });
  },
};

describe('schema upgrades keep stored data', () => {
  test.each(Object.keys(VERSIONS).map(Number))('from version %i', async (v) => {
    const name = `upgrade-from-${v}`;
    await deleteDB(name);
    const old = await openDB(name, v, { upgrade: (db) => VERSIONS[v](db) });
    await old.put('datasets', { ...dataset, storedAt: 3 });
    await old.put('runs', runRecord);
    await old.put('checkpoints', checkpoint);
    await old.put('settings', 'dark', 'theme');
    old.close();

    const db = await openStudioDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await db.get('runs', 'old-run')).toMatchObject({ name: 'kept', status: 'finished' });
    expect(await db.get('checkpoints', 'old-run')).toMatchObject({ step: 7 });
    expect(await db.get('settings', 'theme')).toBe('dark');
    // Datasets stored before headers were kept beside them get one on first listing, read from the pack.
    const listed = await listStoredDatasets(db);
    expect(listed.map((d) => [d.id, d.header.count])).toEqual([['old-set', 2]]);
    expect(await db.get('datasetInfo', 'old-set')).toMatchObject({ title: 'Old set' });
    // v4: imported models start empty, and take a model with its file.
    expect(await listModels(db)).toEqual([]);
    await saveModel(db, model, Uint8Array.from([8, 1]));
    expect((await listModels(db)).map((m) => m.id)).toEqual(['m1']);
    db.close();
  });
});

describe('writes that must survive a power cut ask for strict durability', () => {
  test('checkpoints, run deletion, dataset import and deletion, model import and deletion', async () => {
    await deleteDB('durability');
    const db = await openStudioDb('durability');
    await db.put('runs', { ...(runRecord as unknown as RunRecord) });
    const seen: string[] = [];
    const transaction = db.transaction.bind(db);
    (db as { transaction: unknown }).transaction = (...args: Parameters<StudioDb['transaction']>) => {
      const tx = transaction(...args);
      seen.push((tx as unknown as { durability: string }).durability);
      return tx;
    };
    await saveDataset(db, { ...dataset, storedAt: 1 });
    await saveCheckpoint(db, checkpoint as never, { status: 'paused' });
    await deleteRun(db, 'old-run');
    await deleteDataset(db, 'old-set');
    await saveModel(db, model, Uint8Array.from([8, 1]));
    await deleteModel(db, 'm1');
    expect(seen).toEqual(['strict', 'strict', 'strict', 'strict', 'strict', 'strict']);
    db.close();
  });
});
