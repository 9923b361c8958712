// Kernel tuning as the System view runs it: untuned classes recorded by training are tuned first, winners are
// stored for this adapter, the table is described for the page, and a second run has nothing left to time.
import { afterAll, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { Engine, matmul } from '../src/engine/index.ts';
import { WebGPUBackend } from '../src/engine/webgpu/webgpu-backend.ts';
import { problemClass, type GemmProblem } from '../src/engine/webgpu/autotune.ts';
import { openStudioDb } from '../src/storage/db.ts';
import { applyStoredTuning, rememberUntuned } from '../src/storage/kernel-tuning.ts';
import type { TuneEvent } from '../src/protocol/system.ts';
import { DEFAULT_TUNING_PROBLEMS, tuneKernels, tuningTable } from './kernel-tuning.ts';

const engine = await Engine.create();
afterAll(() => engine.dispose());

const small: GemmProblem = {
  op: 'matmul',
  spec: {
    m: 8,
    n: 8,
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

test('tunes what training met plus the defaults, stores the winners, and has nothing left to time after', async () => {
  await deleteDB('kernel-tuning-worker-test');
  const db = await openStudioDb('kernel-tuning-worker-test');
  expect(await tuningTable(db, engine)).toMatchObject({ classes: [], untuned: 0, updatedAt: null });

  // "Training" meets a 3×5·5×2 matmul with no tuned entry.
  engine.scope(() => matmul(engine.tensor(new Float32Array(15), [3, 5]), engine.tensor(new Float32Array(10), [5, 2])));
  await engine.sync();
  await rememberUntuned(db, engine);
  expect((await tuningTable(db, engine))!.untuned).toBe(1);

  const events: TuneEvent[] = [];
  const table = await tuneKernels(db, engine, (e) => events.push(e), { defaults: [small] });
  expect(table.classes.map((c) => c.key).sort()).toEqual(['matmul m2 n1 k3 b0', problemClass(small)].sort());
  expect(table.untuned).toBe(0);
  expect(events[0].key).toBe('matmul m2 n1 k3 b0'); // the class training met comes first
  expect(events.every((e) => e.total === events[0].total && e.done < e.total)).toBe(true);
  for (const c of table.classes) {
    expect(c.timings.length).toBeGreaterThan(0);
    expect(c.timings.map((t) => t.tiles)).toContain(c.tiles);
    expect(c.label.startsWith('matmul')).toBe(true);
  }
  expect(await tuningTable(db, engine)).toEqual(table);

  // A new engine on this adapter picks the table up; tuning again times nothing.
  const other = await Engine.create();
  expect(await applyStoredTuning(db, other)).toBe(2);
  expect((other.backend as WebGPUBackend).tileTable.classes.has(problemClass(small))).toBe(true);
  other.dispose();
  const again: TuneEvent[] = [];
  await tuneKernels(db, engine, (e) => again.push(e), { defaults: [small] });
  expect(again).toEqual([]);
  db.close();
});

test('the default set has one problem per class and covers the benchmark’s matmul shapes', () => {
  const keys = DEFAULT_TUNING_PROBLEMS.map(problemClass);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toContain('matmul m0 n10 k10 b0');
});
