// Run status and byte counts in real IndexedDB: runs a closed tab left `created` or `running` are stored as
// interrupted unless some worker holds them, records from before `checkpointStep` get it from their checkpoint, and
// the studio's own count includes every checkpoint's bytes.
import { describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openStudioDb, type CheckpointRecord, type RunRecord } from './db.ts';
import { reconcileRuns } from './run-status.ts';
import { storeUsage } from './usage.ts';

const run = (
  id: string,
  status: RunRecord['status'],
  createdAt: number,
  checkpointStep?: number | null,
): RunRecord => ({
  id,
  name: id,
  presetId: null,
  datasetId: 'blobs',
  spec: { name: 'm', input: { shape: [2] }, layers: [{ type: 'dense', units: 3 }] },
  config: {} as RunRecord['config'],
  limit: null,
  testLimit: null,
  checkpointEvery: 10,
  status,
  ...(checkpointStep === undefined ? {} : { checkpointStep }),
  createdAt,
  updatedAt: createdAt,
  history: [],
});
const ckpt = (runId: string, step: number, floats: number): CheckpointRecord => ({
  runId,
  savedAt: 0,
  position: { epoch: 0, globalStep: step } as CheckpointRecord['position'],
  tensors: { w: { shape: [floats], data: new Float32Array(floats).buffer } },
  optimizer: { kind: 'adam', step, state: { w: [new Float32Array(floats).buffer, new Float32Array(floats).buffer] } },
});

describe('run status after an interruption', () => {
  test('created or running runs that nothing holds become interrupted; their checkpoint step is known', async () => {
    const name = 'run-status-test';
    await deleteDB(name);
    const db = await openStudioDb(name);
    try {
      // Left running by a closed tab, with a checkpoint (an older record: no checkpointStep field).
      await db.put('runs', run('a', 'running', 1));
      await db.put('checkpoints', ckpt('a', 24, 10));
      // Left created (never trained), and one still training in another tab (its lock is held).
      await db.put('runs', run('b', 'created', 2, null));
      await db.put('runs', run('c', 'running', 3, 8));
      await db.put('checkpoints', ckpt('c', 8, 10));
      // Resting runs are left alone.
      await db.put('runs', run('d', 'paused', 4, null));
      const listed = await reconcileRuns(db, new Set(['c']));
      expect(listed.map((r) => [r.id, r.status, r.checkpointStep])).toEqual([
        ['a', 'interrupted', 24],
        ['b', 'interrupted', null],
        ['c', 'running', 8],
        ['d', 'paused', null],
      ]);
      // Stored, not only listed.
      expect((await db.get('runs', 'a'))?.status).toBe('interrupted');
      expect((await db.get('runs', 'a'))?.checkpointStep).toBe(24);
      expect((await db.get('runs', 'c'))?.status).toBe('running');
    } finally {
      db.close();
      await deleteDB(name);
    }
  });

  test("the studio's own count has each run's record and checkpoint, and each dataset's size", async () => {
    const name = 'usage-test';
    await deleteDB(name);
    const db = await openStudioDb(name);
    try {
      await db.put('runs', run('a', 'paused', 1, 24));
      await db.put('checkpoints', ckpt('a', 24, 1000));
      await db.put('runs', run('b', 'created', 2, null));
      await db.put('datasetInfo', {
        id: 'imported-x',
        title: 'x',
        source: 'imported',
        count: 2,
        bytes: 123_456,
        storedAt: 1,
        header: {} as never,
      });
      const u = await storeUsage(db);
      expect(u.datasets).toEqual({ 'imported-x': 123_456 });
      // Three float arrays of 1000 (weights, Adam's two moments) plus the records.
      expect(u.runs.a).toBeGreaterThan(12_000);
      expect(u.runs.a).toBeLessThan(14_000);
      expect(u.runs.b).toBeGreaterThan(0);
      expect(u.runs.b).toBeLessThan(1_000);
    } finally {
      db.close();
      await deleteDB(name);
    }
  });
});
