// The benchmark's runs of our engine must not hold on to GPU memory: after a warm-up, 20 timed runs of every suite
// allocate nothing new and leave live bytes unchanged (a kept output would allocate a fresh buffer per run).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/index.ts';
import { buildPlan, SUITES } from './plan.mjs';
import type { BenchCase, Suite } from './plan.d.mts';
import { oursSystem } from './ours.ts';
import type { Prepared } from './harness.ts';

/** Small cases of every timed suite (the quick plan's, shrunk so SwiftShader runs 21 of each in seconds). */
function tinyCases(): BenchCase[] {
  const plan = buildPlan({
    mode: 'quick',
    only: SUITES.filter((s: Suite) => s !== 'memory'),
    reps: 1,
    warmup: 1,
    systems: ['ours'],
  });
  return plan.cases.map((full) => {
    const c = { ...full, id: `${full.id} → test size` };
    switch (c.suite) {
      case 'matmul':
        return { ...c, m: c.m < 128 ? 1 : 9, k: 33, n: 17 };
      case 'conv':
        return { ...c, n: 1, h: 6, w: 6, cin: 3, cout: 5 };
      case 'attention':
        return { ...c, heads: 2, t: 7, d: 8 };
      case 'softmax':
      case 'layernorm':
        return { ...c, rows: 5, cols: 33 };
      case 'train':
        return { ...c, batch: 2 };
      default:
        return c;
    }
  });
}

describe('bench: our timed runs', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.create();
  });
  afterAll(() => engine?.dispose());

  const cases = tinyCases();
  it('cover every timed suite', () => {
    expect(new Set(cases.map((c) => c.suite))).toEqual(new Set(SUITES.filter((s) => s !== 'memory')));
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s: 20 runs allocate nothing and free their outputs', async (_, c) => {
    const p = (await oursSystem(engine).prepare(c)) as Prepared;
    expect('skipped' in p).toBe(false);
    try {
      // Warm-up: the first runs fill the pool (a training step's second run also holds the first run's gradients).
      for (let i = 0; i < 3; i++) {
        await p.run();
        await p.sync();
      }
      const before = engine.memory();
      for (let i = 0; i < 20; i++) {
        await p.run();
        await p.sync();
      }
      const after = engine.memory();
      expect(after.allocations).toBe(before.allocations);
      expect(after.liveBytes).toBe(before.liveBytes);
    } finally {
      p.dispose();
    }
  });
});
