// conv2d kernel (forward, input grad, filter grad) against the direct-loop reference on awkward geometries.
import { describe, expect, test } from 'vitest';
import { conv2dProgram, convOutSize, convSplitK, convTiles, samePadding, type Conv2dGeometry } from './conv2d.ts';
import { MATMUL_TILE_CANDIDATES } from '../matmul/matmul.ts';
import { conv2dFilterGradRef, conv2dInputGradRef, conv2dRef } from './conv2d.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

interface Case {
  name: string;
  n: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
  stride?: [number, number];
  dil?: [number, number];
  pad?: [number, number, number, number] | 'same';
  groups?: number;
}

function geometry(c: Case): Conv2dGeometry {
  const [sh, sw] = c.stride ?? [1, 1];
  const [dh, dw] = c.dil ?? [1, 1];
  const [pt, pb, pl, pr] =
    c.pad === 'same' ? [...samePadding(c.h, c.kh, sh, dh), ...samePadding(c.w, c.kw, sw, dw)] : (c.pad ?? [0, 0, 0, 0]);
  return {
    n: c.n,
    h: c.h,
    w: c.w,
    cin: c.cin,
    cout: c.cout,
    kh: c.kh,
    kw: c.kw,
    strideH: sh,
    strideW: sw,
    dilH: dh,
    dilW: dw,
    padTop: pt,
    padLeft: pl,
    oh: convOutSize(c.h, c.kh, sh, dh, pt, pb),
    ow: convOutSize(c.w, c.kw, sw, dw, pl, pr),
    groups: c.groups ?? 1,
  };
}

const cases: Case[] = [
  { name: '1x1 everything', n: 1, h: 1, w: 1, cin: 1, cout: 1, kh: 1, kw: 1 },
  { name: 'valid 3x3', n: 2, h: 7, w: 9, cin: 3, cout: 5, kh: 3, kw: 3 },
  { name: 'same 3x3 stride 2', n: 2, h: 9, w: 8, cin: 4, cout: 6, kh: 3, kw: 3, stride: [2, 2], pad: 'same' },
  {
    name: 'explicit asymmetric padding, 2x4 kernel',
    n: 1,
    h: 6,
    w: 7,
    cin: 2,
    cout: 3,
    kh: 2,
    kw: 4,
    pad: [1, 0, 2, 1],
  },
  { name: 'dilation 2, stride (1,3)', n: 1, h: 11, w: 13, cin: 3, cout: 4, kh: 3, kw: 3, dil: [2, 2], stride: [1, 3] },
  { name: 'groups 2', n: 2, h: 5, w: 5, cin: 4, cout: 6, kh: 3, kw: 3, groups: 2, pad: 'same' },
  { name: 'depthwise', n: 1, h: 8, w: 6, cin: 5, cout: 5, kh: 3, kw: 3, groups: 5, pad: [1, 1, 1, 1] },
  { name: 'LeNet-like 28x28 1→6 5x5', n: 2, h: 28, w: 28, cin: 1, cout: 6, kh: 5, kw: 5, pad: 'same' },
  { name: 'wide channels 65 → 33', n: 1, h: 4, w: 5, cin: 65, cout: 33, kh: 3, kw: 3, pad: 'same' },
];

describe('conv2d kernel', () => {
  test.each(cases)('$name', async (c) => {
    const g = geometry(c);
    const x = seededFloats(g.n * g.h * g.w * g.cin, 1);
    const w = seededFloats(g.kh * g.kw * (g.cin / g.groups) * g.cout, 2);
    const bias = seededFloats(g.cout, 3);
    const dy = seededFloats(g.n * g.oh * g.ow * g.cout, 4);
    const y = new Float32Array(
      await runProgram(conv2dProgram(g, 'forward', { hasBias: true, activation: 'relu' }), [x, w, bias]),
    );
    expectClose(y, conv2dRef(x, w, bias, g, 'relu'), 1e-4, 1e-4, 'forward');
    const dx = new Float32Array(await runProgram(conv2dProgram(g, 'inputGrad'), [dy, w, new Float32Array(4)]));
    expectClose(dx, conv2dInputGradRef(dy, w, g), 1e-4, 1e-4, 'input grad');
    const dw = new Float32Array(await runProgram(conv2dProgram(g, 'filterGrad'), [x, dy, new Float32Array(4)]));
    expectClose(dw, conv2dFilterGradRef(x, dy, g), 5e-4, 1e-4, 'filter grad');
  });
});

/** Sums split-K partials stored innermost (what the backend's row reduction does). */
function sumSplits(partials: Float32Array, splits: number): Float32Array {
  const out = new Float32Array(partials.length / splits);
  for (let i = 0; i < out.length; i++) for (let s = 0; s < splits; s++) out[i] += partials[i * splits + s];
  return out;
}

describe('conv2d split-K filter gradient and tile shapes', () => {
  test.each([
    ['even split', { name: '', n: 2, h: 9, w: 9, cin: 3, cout: 4, kh: 3, kw: 3 }, 2],
    [
      'ragged split (K not a multiple of the chunk)',
      { name: '', n: 3, h: 7, w: 5, cin: 2, cout: 5, kh: 2, kw: 2, stride: [1, 2] },
      5,
    ],
    [
      'grouped, more splits than tiles of K',
      { name: '', n: 2, h: 6, w: 6, cin: 4, cout: 4, kh: 3, kw: 3, groups: 2, pad: 'same' },
      7,
    ],
  ] as [string, Case, number][])('%s', async (_name, c, splits) => {
    const g = geometry(c);
    const x = seededFloats(g.n * g.h * g.w * g.cin, 5);
    const dy = seededFloats(g.n * g.oh * g.ow * g.cout, 6);
    const partials = new Float32Array(
      await runProgram(conv2dProgram(g, 'filterGrad', undefined, undefined, splits), [x, dy, new Float32Array(4)]),
    );
    expect(partials.length).toBe(g.kh * g.kw * (g.cin / g.groups) * g.cout * splits);
    expectClose(
      sumSplits(partials, splits),
      conv2dFilterGradRef(x, dy, g),
      5e-4,
      1e-4,
      `filter grad, ${splits} splits`,
    );
  });

  test('long K with few outputs is split; short K is not', () => {
    const lenet = geometry({ name: '', n: 64, h: 28, w: 28, cin: 1, cout: 6, kh: 5, kw: 5, pad: 'same' });
    expect(convSplitK(lenet, 'filterGrad')).toBeGreaterThan(16);
    expect(convSplitK(lenet, 'forward')).toBe(1);
    expect(convSplitK(geometry(cases[1]), 'filterGrad')).toBe(1);
  });

  test('a split filter gradient with few outputs gets a tile that is not mostly padding', () => {
    // M = 9 (3×3 × 1 channel), N = 32: before, the few-workgroups penalty chose a 128-row tile (93% padding).
    const g = geometry({ name: '', n: 2, h: 28, w: 28, cin: 1, cout: 32, kh: 3, kw: 3, pad: 'same' });
    const t = convTiles(g, 'filterGrad');
    const d = { m: 9, n: 32 };
    const padded = Math.ceil(d.m / (t.wgY * 4)) * t.wgY * 4 * Math.ceil(d.n / (t.wgX * 4)) * t.wgX * 4;
    expect(padded).toBeLessThanOrEqual(2048);
    expect(convSplitK(g, 'filterGrad', t)).toBeGreaterThan(1);
  });

  test.each(MATMUL_TILE_CANDIDATES.map((t) => [`${t.wgY * 4}x${t.wgX * 4}`, t] as const))(
    'every mode with tile %s',
    async (_name, t) => {
      const g = geometry({ name: '', n: 2, h: 6, w: 7, cin: 3, cout: 5, kh: 3, kw: 2, stride: [2, 1], pad: 'same' });
      const x = seededFloats(g.n * g.h * g.w * g.cin, 1);
      const w = seededFloats(g.kh * g.kw * g.cin * g.cout, 2);
      const dy = seededFloats(g.n * g.oh * g.ow * g.cout, 4);
      const y = new Float32Array(
        await runProgram(conv2dProgram(g, 'forward', { hasBias: false, activation: 'none' }, t), [
          x,
          w,
          new Float32Array(4),
        ]),
      );
      expectClose(y, conv2dRef(x, w, null, g, 'none'), 1e-4, 1e-4, 'forward');
      const dx = new Float32Array(
        await runProgram(conv2dProgram(g, 'inputGrad', undefined, t), [dy, w, new Float32Array(4)]),
      );
      expectClose(dx, conv2dInputGradRef(dy, w, g), 1e-4, 1e-4, 'input grad');
      const dw = new Float32Array(
        await runProgram(conv2dProgram(g, 'filterGrad', undefined, t, 2), [x, dy, new Float32Array(4)]),
      );
      expectClose(sumSplits(dw, 2), conv2dFilterGradRef(x, dy, g), 5e-4, 1e-4, 'filter grad');
    },
  );
});
