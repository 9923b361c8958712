// Dataset records in real IndexedDB: a version-1 database upgrades to the current schema and its datasets are
// listed (their headers filled in on first listing); saving and deleting keep pack and header together.
import { describe, expect, test } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { encodePack, type PackHeader } from '../data/pack.ts';
import { openStudioDb, DB_VERSION } from './db.ts';
import { deleteDataset, listStoredDatasets, saveDataset } from './datasets.ts';

function pack(id: string): ArrayBuffer {
  const meta: Omit<PackHeader, 'xBytes' | 'yBytes'> = {
    id,
    title: id,
    description: 'two samples',
    source: 'test',
    license: 'none',
    count: 2,
    xShape: [2],
    xDtype: 'f32',
    xScale: 1,
    yShape: [],
    yDtype: 'i32',
    classes: 2,
    classNames: ['a', 'b'],
    splits: { train: [0, 1], test: [1, 2] },
    splitRule: 'first train, second test',
  };
  return encodePack(meta, Float32Array.from([1, 2, 3, 4]), Int32Array.from([0, 1]));
}

describe('dataset storage', () => {
  test('a version-1 database upgrades, and its stored datasets are listed with their headers', async () => {
    await deleteDB('datasets-test-1');
    const old = await openDB('datasets-test-1', 1, {
      upgrade(db) {
        db.createObjectStore('datasets', { keyPath: 'id' });
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
        db.createObjectStore('checkpoints', { keyPath: 'runId' });
        db.createObjectStore('settings');
      },
    });
    const p = pack('iris');
    await old.put('datasets', {
      id: 'iris',
      title: 'Iris',
      source: 'embedded',
      count: 2,
      bytes: p.byteLength,
      pack: p,
      storedAt: 1,
    });
    old.close();

    const db = await openStudioDb('datasets-test-1');
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count('datasetInfo')).toBe(0);
    const listed = await listStoredDatasets(db);
    expect(listed.map((d) => [d.id, d.header.classNames])).toEqual([['iris', ['a', 'b']]]);
    expect(await db.count('datasetInfo')).toBe(1);
    db.close();
  });

  test('save writes pack and header together, refuses a taken id, and delete removes both', async () => {
    await deleteDB('datasets-test-2');
    const db = await openStudioDb('datasets-test-2');
    const p = pack('imported-x');
    const record = {
      id: 'imported-x',
      title: 'X',
      source: 'imported' as const,
      count: 2,
      bytes: p.byteLength,
      pack: p,
      storedAt: 2,
    };
    const info = await saveDataset(db, record);
    expect(info.header.splits).toEqual({ train: [0, 1], test: [1, 2] });
    expect(await db.get('datasetInfo', 'imported-x')).toEqual(info);
    await expect(saveDataset(db, { ...record, title: 'Y' })).rejects.toThrow(/already stored/);
    // A pack that is not a pack is refused before anything is written.
    await expect(saveDataset(db, { ...record, id: 'imported-y', pack: new ArrayBuffer(4) })).rejects.toThrow(
      /not a dataset pack/,
    );
    expect((await db.get('datasets', 'imported-x'))!.title).toBe('X');
    expect(await db.getAllKeys('datasets')).toEqual(['imported-x']);
    await deleteDataset(db, 'imported-x');
    expect([await db.count('datasets'), await db.count('datasetInfo')]).toEqual([0, 0]);
    db.close();
  });
});
