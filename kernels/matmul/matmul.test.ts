// Matmul kernel against its float64 reference on awkward shapes, every transpose combination, batch broadcasting and
// epilogues.
import { describe, expect, test } from 'vitest';
import {
  chooseGemmTiles,
  matmulProgram,
  MATMUL_TILE_CANDIDATES,
  tileSharedBytes,
  type MatmulSpec,
  type MatmulActivation,
} from './matmul.ts';
import { matmulRef } from './matmul.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

// f32 accumulation over K terms of magnitude ≤ 1: error grows ~ sqrt(K)·eps; these bounds hold with margin up to K =
// 300.
const ATOL = 1e-4;
const RTOL = 1e-4;

function spec(m: number, n: number, k: number, o: Partial<MatmulSpec> = {}): MatmulSpec {
  return {
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
  };
}

async function check(s: MatmulSpec, aLen: number, bLen: number, seed = 1) {
  const a = seededFloats(aLen, seed);
  const b = seededFloats(bLen, seed + 1);
  const bias = s.hasBias ? seededFloats(s.n, seed + 2) : new Float32Array(4);
  const out = new Float32Array(await runProgram(matmulProgram(s), [a, b, bias]));
  expectClose(out, matmulRef(a, b, s.hasBias ? bias : null, s), ATOL, RTOL, matmulProgram(s).label);
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [1, 7, 3],
  [5, 1, 9],
  [17, 33, 9],
  [64, 64, 16],
  [65, 63, 33],
  [3, 129, 65],
  [128, 8, 300],
  [4, 4, 4],
  [8, 12, 20],
];

describe('matmul kernel', () => {
  for (const transA of [false, true])
    for (const transB of [false, true])
      test.each(shapes)(`M=%i N=%i K=%i transA=${transA} transB=${transB}`, async (m, n, k) => {
        await check(spec(m, n, k, { transA, transB }), m * k, k * n, m * 7 + n);
      });

  test('batched with broadcasting batch dims [2,1] × [1,3]', async () => {
    const m = 5,
      n = 6,
      k = 7;
    // A batch dims [2,1] broadcast to [2,3]; B batch dims [1,3].
    const s = spec(m, n, k, { batchShape: [2, 3], aBatchStrides: [m * k, 0], bBatchStrides: [0, k * n] });
    await check(s, 2 * m * k, 3 * k * n);
  });

  test('batched, aligned (vec4 path) with transposes', async () => {
    const m = 8,
      n = 12,
      k = 20;
    const s = spec(m, n, k, {
      batchShape: [3],
      aBatchStrides: [m * k],
      bBatchStrides: [k * n],
      transA: true,
      transB: true,
    });
    expect(matmulProgram(s).constants.VEC_A).toBe(1);
    expect(matmulProgram(s).constants.VEC_B).toBe(1);
    await check(s, 3 * m * k, 3 * k * n);
  });

  test('unaligned shapes take the scalar path', () => {
    expect(matmulProgram(spec(17, 33, 9)).constants.VEC_A).toBe(0);
    expect(matmulProgram(spec(17, 33, 9)).constants.VEC_B).toBe(0);
  });

  test.each(['none', 'relu', 'geluTanh', 'sigmoid', 'tanh', 'geluErf'] as MatmulActivation[])(
    'fused bias + %s',
    async (activation) => {
      await check(spec(19, 37, 23, { hasBias: true, activation }), 19 * 23, 23 * 37, 5);
    },
  );

  test('non-default tile configuration', async () => {
    const s = spec(33, 17, 45);
    const a = seededFloats(33 * 45, 9);
    const b = seededFloats(45 * 17, 10);
    const out = new Float32Array(
      await runProgram(matmulProgram(s, { wgX: 8, wgY: 4, tileK: 8 }), [a, b, new Float32Array(4)]),
    );
    expectClose(out, matmulRef(a, b, null, s), ATOL, RTOL);
  });

  // Every tile shape the chooser may pick, on shapes that leave partial tiles in M, N and K, with
  // both load paths (aligned vec4 and scalar) and a transpose.
  test.each(MATMUL_TILE_CANDIDATES.map((t) => [`${t.wgY * 4}x${t.wgX * 4} k${t.tileK}`, t] as const))(
    'tile candidate %s',
    async (_name, t) => {
      expect(t.wgX * t.wgY).toBeLessThanOrEqual(256);
      expect(tileSharedBytes(t)).toBeLessThanOrEqual(16384);
      for (const [m, n, k, transB] of [
        [37, 21, 19, false],
        [9, 260, 36, true],
      ] as const) {
        const s = spec(m, n, k, { transB, hasBias: true, activation: 'relu' });
        const a = seededFloats(m * k, m);
        const b = seededFloats(k * n, n);
        const bias = seededFloats(n, 3);
        const out = new Float32Array(await runProgram(matmulProgram(s, t), [a, b, bias]));
        expectClose(out, matmulRef(a, b, bias, s), ATOL, RTOL, `${m}x${n}x${k} with ${JSON.stringify(t)}`);
      }
    },
  );

  test('the tile chooser fits the tile to the shape', () => {
    expect(chooseGemmTiles(1024, 1024, 1024)).toEqual({ wgX: 16, wgY: 16, tileK: 16 });
    // Few output channels (a first conv layer): tall, narrow tiles.
    const conv = chooseGemmTiles(50176, 6, 25);
    expect(conv.wgX * 4).toBeLessThanOrEqual(8);
    // A single row (inference): short, wide tiles.
    expect(chooseGemmTiles(1, 768, 768).wgY).toBe(1);
  });
});
