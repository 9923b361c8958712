// Tuned kernel tiles in real IndexedDB: the v2 → v3 migration, a stored table reused by a new engine, and a
// table ignored (then replaced) when the adapter or the kernel hash changes.
import { afterAll, describe, expect, test } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { Engine } from '../engine/engine.ts';
import * as T from '../engine/ops/api.ts';
import { WebGPUBackend } from '../engine/webgpu/webgpu-backend.ts';
import {
  adapterFingerprint,
  gemmKernelHash,
  problemClass,
  tuningCandidates,
  type GemmProblem,
  type TunedClass,
} from '../engine/webgpu/autotune.ts';
import { DB_VERSION, openStudioDb } from './db.ts';
import { applyStoredTuning, loadTuning, rememberUntuned, updateTuning } from './kernel-tuning.ts';

const engine = await Engine.create();
afterAll(() => engine.dispose());
const backend = engine.backend as WebGPUBackend;
const adapter = engine.adapter!;

const problem: GemmProblem = {
  op: 'matmul',
  spec: {
    m: 24,
    n: 40,
    k: 8,
    transA: false,
    transB: false,
    batchShape: [],
    aBatchStrides: [],
    bBatchStrides: [],
    hasBias: false,
    activation: 'none',
  },
};
const [modelTiles, , other] = tuningCandidates(problem, 4);
const tuned: TunedClass = {
  key: problemClass(problem),
  problem,
  tiles: other,
  modelTiles,
  timings: [
    { tiles: modelTiles, ms: 2 },
    { tiles: other, ms: 1 },
  ],
  method: 'injected',
};

describe('kernel tuning storage', () => {
  test('a version-2 database upgrades to the current version with an empty kernelTuning store and its data intact', async () => {
    await deleteDB('tuning-test-1');
    const old = await openDB('tuning-test-1', 2, {
      upgrade(db) {
        db.createObjectStore('datasets', { keyPath: 'id' });
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
        db.createObjectStore('checkpoints', { keyPath: 'runId' });
        db.createObjectStore('settings');
        db.createObjectStore('datasetInfo', { keyPath: 'id' });
      },
    });
    await old.put('settings', 'dark', 'theme');
    old.close();
    const db = await openStudioDb('tuning-test-1');
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count('kernelTuning')).toBe(0);
    expect(await db.get('settings', 'theme')).toBe('dark');
    db.close();
  });

  test('a stored table is loaded by a new engine and used; a changed fingerprint leaves it unused', async () => {
    await deleteDB('tuning-test-2');
    const db = await openStudioDb('tuning-test-2');
    expect(await applyStoredTuning(db, engine)).toBe(0);

    const saved = await updateTuning(db, adapter, { classes: [tuned] });
    expect(saved.fingerprint).toBe(adapterFingerprint(adapter));
    expect(await applyStoredTuning(db, engine)).toBe(1);
    expect(backend.tileTable.classes.get(tuned.key)?.tiles).toEqual(other);
    // Reused: the matmul of that class takes the stored tiles (a table hit), and a second engine loads it too.
    const hits = backend.tileTable.hits;
    const y = T.matmul(
      engine.tensor(new Float32Array(24 * 8).fill(1), [24, 8]),
      engine.tensor(new Float32Array(8 * 40).fill(0.5), [8, 40]),
    );
    expect(Array.from(await y.data()).every((v) => v === 4)).toBe(true);
    expect(backend.tileTable.hits).toBe(hits + 1);
    const second = await Engine.create();
    expect(await applyStoredTuning(db, second)).toBe(1);
    expect((second.backend as WebGPUBackend).tileTable.classes.get(tuned.key)?.tiles).toEqual(other);
    second.dispose();

    // Another kernel version: the stored record does not match, so the engine gets an empty table.
    await db.clear('kernelTuning');
    await updateTuning(db, adapter, { classes: [tuned] }, 'deadbeef');
    expect(await applyStoredTuning(db, engine)).toBe(0);
    expect(backend.tileTable.classes.size).toBe(0);
    // Another adapter: likewise; and saving for the current kernels drops this adapter's stale record only.
    await updateTuning(db, { ...adapter, description: 'some other GPU' }, { classes: [tuned] });
    expect(await applyStoredTuning(db, engine)).toBe(0);
    await updateTuning(db, adapter, { classes: [tuned] });
    const keys = await db.getAllKeys('kernelTuning');
    expect(keys.sort()).toEqual(
      [adapterFingerprint(adapter), adapterFingerprint({ ...adapter, description: 'some other GPU' })].sort(),
    );
    expect(keys.some((k) => k.endsWith('kernels:deadbeef'))).toBe(false);
    expect(gemmKernelHash()).not.toBe('deadbeef');
    db.close();
  });

  test('classes met untuned are remembered for the next tuning run, and dropped once tuned', async () => {
    await deleteDB('tuning-test-3');
    const db = await openStudioDb('tuning-test-3');
    backend.tileTable.replace([]);
    backend.tileTable.untuned.clear();
    engine.scope(() =>
      T.matmul(engine.tensor(new Float32Array(24 * 8), [24, 8]), engine.tensor(new Float32Array(8 * 40), [8, 40])),
    );
    await engine.sync();
    await rememberUntuned(db, engine);
    expect((await loadTuning(db, adapterFingerprint(adapter)))!.untuned.map(problemClass)).toEqual([tuned.key]);
    const after = await updateTuning(db, adapter, { classes: [tuned] });
    expect(after.untuned).toEqual([]);
    db.close();
  });
});
