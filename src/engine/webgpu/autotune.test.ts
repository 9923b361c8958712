// The GEMM autotuner: problem classes, the choice among injected timings (deterministic), a real tuning run
// on the GPU, and results that stay right (against the CPU engine) whichever tiles a tuned table picks.
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import * as T from '../ops/api.ts';
import { backward } from '../autograd.ts';
import { WebGPUBackend } from './webgpu-backend.ts';
import {
  adapterFingerprint,
  classLabel,
  gemmKernelHash,
  pickFastest,
  problemClass,
  tilesName,
  TileTable,
  tuneProblems,
  tuningCandidates,
  gpuTimer,
  type GemmProblem,
  type Timer,
} from './autotune.ts';
import { chooseGemmTiles, type MatmulSpec, type MatmulTiles } from '../../../kernels/matmul/matmul.ts';
import type { Conv2dGeometry } from '../../../kernels/conv2d/conv2d.ts';
import { expectClose } from '../../../kernels/common/test-harness.ts';

const e = await Engine.create();
const cpu = await Engine.create({ backend: 'cpu' });
afterAll(() => e.dispose());
const backend = e.backend as WebGPUBackend;

const mm = (m: number, n: number, k: number, o: Partial<MatmulSpec> = {}): GemmProblem => ({
  op: 'matmul',
  spec: {
    m,
    n,
    k,
    transA: false,
    transB: false,
    batchShape: [],
    aBatchStrides: [],
    bBatchStrides: [],
    hasBias: false,
    activation: 'none',
    ...o,
  },
});
const geometry = (n: number, hw: number, cin: number, cout: number): Conv2dGeometry => ({
  n,
  h: hw,
  w: hw,
  cin,
  cout,
  kh: 3,
  kw: 3,
  strideH: 1,
  strideW: 1,
  dilH: 1,
  dilW: 1,
  padTop: 1,
  padLeft: 1,
  oh: hw,
  ow: hw,
  groups: 1,
});
/** A timer that answers from a table of milliseconds by tile name (missing: throws, i.e. a failed candidate). */
const injected = (ms: Record<string, number>): Timer & { calls: string[] } => {
  const calls: string[] = [];
  return {
    method: 'injected',
    calls,
    measure: async (_p, t) => {
      calls.push(tilesName(t));
      const v = ms[tilesName(t)];
      if (v === undefined) throw new Error('cannot run');
      return v;
    },
  };
};

describe('problem classes', () => {
  test('bucket M, N, K and batch by ⌈log2⌉, and tell ops, transposes and conv modes apart', () => {
    expect(problemClass(mm(768, 768, 768))).toBe('matmul m10 n10 k10 b0');
    expect(problemClass(mm(1000, 600, 513))).toBe(problemClass(mm(768, 768, 768)));
    expect(problemClass(mm(1025, 768, 768))).not.toBe(problemClass(mm(768, 768, 768)));
    expect(problemClass(mm(1, 768, 768))).toBe('matmul m0 n10 k10 b0');
    expect(classLabel('matmul m0 n10 k10 b0')).toBe('matmul, M = 1, N ≤ 1024, K ≤ 1024');
    expect(classLabel('matmul.tB m2 n2 k2 b3')).toBe('matmul (Bᵀ), M ≤ 4, N ≤ 4, K ≤ 4, batch ≤ 8');
    expect(problemClass(mm(4, 4, 4, { transB: true }))).toBe('matmul.tB m2 n2 k2 b0');
    expect(problemClass(mm(4, 4, 4, { batchShape: [3], aBatchStrides: [16], bBatchStrides: [16] }))).toBe(
      'matmul m2 n2 k2 b2',
    );
    const g = geometry(2, 14, 32, 64);
    const keys = (['forward', 'inputGrad', 'filterGrad'] as const).map((mode) =>
      problemClass({ op: 'conv', mode, geometry: g }),
    );
    expect(keys).toEqual(['conv.forward m9 n6 k9 b0', 'conv.inputGrad m9 n5 k10 b0', 'conv.filterGrad m9 n6 k9 b0']);
  });

  test('a fingerprint names the adapter and the kernel hash, and changes with either', () => {
    const a = {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: 'SwiftShader',
      isFallbackAdapter: true,
    };
    expect(gemmKernelHash()).toMatch(/^[0-9a-f]{8}$/);
    expect(adapterFingerprint(a)).toContain(`kernels:${gemmKernelHash()}`);
    expect(adapterFingerprint(a, 'deadbeef')).not.toBe(adapterFingerprint(a));
    expect(adapterFingerprint({ ...a, isFallbackAdapter: false })).not.toBe(adapterFingerprint(a));
    expect(adapterFingerprint({ ...a, description: 'Other' })).not.toBe(adapterFingerprint(a));
  });
});

describe('choosing among timings', () => {
  test('the candidates are the cost model’s best few, its own pick first', () => {
    const p = mm(300, 300, 300);
    const c = tuningCandidates(p, 4);
    expect(c).toHaveLength(4);
    expect(c[0]).toEqual(chooseGemmTiles(300, 300, 300));
    expect(new Set(c.map(tilesName)).size).toBe(4);
  });

  test('the fastest injected timing wins; failures lose; ties keep the cost model’s order', async () => {
    const p = mm(300, 300, 300);
    const [c0, c1, c2, c3] = tuningCandidates(p, 4).map(tilesName);
    const timer = injected({ [c0]: 9, [c1]: 7, [c2]: 3, [c3]: 5 });
    // (The default 10 % margin over the cost model's pick is met: 3 < 9 · 0.9.)
    const table = new TileTable();
    const [entry] = await tuneProblems(table, [p], { timer, candidates: 4 });
    expect(timer.calls).toEqual([c0, c1, c2, c3]);
    expect(tilesName(entry.tiles)).toBe(c2);
    expect(tilesName(entry.modelTiles)).toBe(c0);
    expect(entry.timings.map((t) => t.ms)).toEqual([9, 7, 3, 5]);
    expect(entry.method).toBe('injected');
    expect(table.lookup(mm(400, 290, 260))).toEqual(entry.tiles); // same class
    expect(table.hits).toBe(1);

    // A failing candidate (throws) counts as Infinity; a tie goes to the earlier candidate.
    const [e2] = await tuneProblems(new TileTable(), [p], {
      timer: injected({ [c0]: 4, [c1]: 2, [c3]: 2 }),
      candidates: 4,
    });
    expect(tilesName(e2.tiles)).toBe(c1);
    expect(e2.timings[2].ms).toBe(Infinity);
    // Nothing runs: no verdict is stored, so the cost model's pick stands.
    const empty = new TileTable();
    expect(await tuneProblems(empty, [p], { timer: injected({}), candidates: 4 })).toEqual([]);
    expect(empty.lookup(p)).toBeUndefined();
    expect(
      pickFastest([
        { tiles: e2.modelTiles, ms: NaN },
        { tiles: e2.tiles, ms: 1 },
      ]),
    ).toEqual(e2.tiles);
    expect(
      pickFastest([
        { tiles: e2.modelTiles, ms: Infinity },
        { tiles: e2.tiles, ms: Infinity },
      ]),
    ).toEqual(e2.modelTiles);
  });

  test('another candidate replaces the cost model’s pick only when faster by more than the margin', async () => {
    const p = mm(300, 300, 300);
    const [c0, c1] = tuningCandidates(p, 2).map(tilesName);
    const verdict = async (ms0: number, ms1: number, margin?: number) =>
      tilesName(
        (
          await tuneProblems(new TileTable(), [p], { timer: injected({ [c0]: ms0, [c1]: ms1 }), candidates: 2, margin })
        )[0].tiles,
      );
    expect(await verdict(10, 9.5)).toBe(c0); // 5 % faster: noise, the cost model stays
    expect(await verdict(10, 8.5)).toBe(c1); // 15 % faster
    expect(await verdict(10, 9.5, 0)).toBe(c1);
    expect(await verdict(Infinity, 50)).toBe(c1); // the cost model's pick failed
  });

  test('with several rounds the candidates are timed round-robin and each keeps its fastest round', async () => {
    const p = mm(300, 300, 300);
    const [a, b] = tuningCandidates(p, 2);
    const series: Record<string, number[]> = { [tilesName(a)]: [10, 3], [tilesName(b)]: [4, 4] };
    const calls: string[] = [];
    const timer: Timer = {
      method: 'injected',
      measure: async (_p, t) => (calls.push(tilesName(t)), series[tilesName(t)].shift()!),
    };
    const progress: number[] = [];
    const [entry] = await tuneProblems(new TileTable(), [p], {
      timer,
      candidates: 2,
      rounds: 2,
      onProgress: (e) => progress.push(e.total),
    });
    expect(calls).toEqual([a, b, a, b].map(tilesName));
    expect(entry.timings.map((t) => t.ms)).toEqual([3, 4]);
    expect(entry.tiles).toEqual(a);
    expect(progress).toEqual([4, 4, 4, 4]);
  });

  test('classes already tuned and repeats of a class are timed once', async () => {
    const table = new TileTable();
    const timer = injected(
      Object.fromEntries(tuningCandidates(mm(64, 64, 64), 8).map((t, i) => [tilesName(t), i + 1])),
    );
    await tuneProblems(table, [mm(64, 64, 64), mm(60, 50, 40)], { timer, candidates: 2 });
    expect(timer.calls).toHaveLength(2);
    await tuneProblems(table, [mm(64, 64, 64)], { timer, candidates: 2 });
    expect(timer.calls).toHaveLength(2);
  });

  test('lookups that miss remember the problem as untuned, once per class', () => {
    const table = new TileTable();
    expect(table.lookup(mm(5, 6, 7))).toBeUndefined();
    expect(table.lookup(mm(6, 6, 7))).toBeUndefined();
    expect([...table.untuned.keys()]).toEqual([problemClass(mm(5, 6, 7))]);
  });
});

describe('on the GPU', () => {
  test('gpuTimer tunes a tiny matmul class and a conv filter-gradient class with finite timings', async () => {
    const table = new TileTable();
    const timer = gpuTimer(backend, { warmup: 1, reps: 1 });
    const tuned = await tuneProblems(
      table,
      [mm(16, 16, 16), { op: 'conv', mode: 'filterGrad', geometry: geometry(1, 6, 2, 3) }],
      { timer, candidates: 2 },
    );
    expect(tuned).toHaveLength(2);
    for (const t of tuned) {
      expect(t.timings).toHaveLength(2);
      for (const x of t.timings) expect(Number.isFinite(x.ms) && x.ms >= 0).toBe(true);
      expect(['timestamp', 'wall-clock']).toContain(t.method);
    }
    expect(backend.forceTiles).toBeNull();
    await e.sync();
  });

  test('a tuned table is used by matmul and all three conv modes, and the results match the CPU engine', async () => {
    const [m, n, k] = [37, 21, 19];
    const g = geometry(2, 5, 3, 4);
    const problems: GemmProblem[] = [
      mm(m, n, k),
      mm(m, n, k, { transA: true }),
      mm(m, n, k, { transB: true }),
      ...(['forward', 'inputGrad', 'filterGrad'] as const).map((mode) => ({ op: 'conv' as const, mode, geometry: g })),
    ];
    for (const p of problems) {
      // The cost model's least favourite shape, so the table visibly overrides it.
      const [model, ...rest] = tuningCandidates(p, 8);
      const worst: MatmulTiles = rest[rest.length - 1];
      backend.tileTable.set({
        key: problemClass(p),
        problem: p,
        tiles: worst,
        modelTiles: model,
        timings: [],
        method: 'injected',
      });
    }
    const before = backend.tileTable.hits;
    const av = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const bv = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const xv = Float32Array.from({ length: 2 * 5 * 5 * 3 }, (_, i) => Math.sin(i * 0.7));
    const wv = Float32Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.cos(i * 0.3));
    const run = async (en: Engine) => {
      const a = en.tensor(av, [m, k]);
      const b = en.tensor(bv, [k, n]);
      const outs = [
        T.matmul(a, b),
        T.matmul(en.tensor(av, [k, m]), b, { transA: true }),
        T.matmul(a, en.tensor(bv, [n, k]), { transB: true }),
      ];
      const x = en.variable(en.tensor(xv, [2, 5, 5, 3]));
      const w = en.variable(en.tensor(wv, [3, 3, 3, 4]));
      const y = T.conv2d(x, w, { padding: 'same' });
      backward(T.sum(T.mul(y, y)));
      return Promise.all([...outs, y, x.grad!, w.grad!].map((t) => t.data()));
    };
    const [got, want] = [await run(e), await run(cpu)];
    expect(backend.tileTable.hits - before).toBeGreaterThanOrEqual(6);
    got.forEach((g, i) => expectClose(g, want[i], 1e-4, 1e-4, `output ${i}`));
    backend.tileTable.replace([]);
  });
});
