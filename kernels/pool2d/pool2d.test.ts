// Pooling kernels against the reference: windows with padding, strides that skip or overlap, 1x1.
import { describe, expect, test } from 'vitest';
import { pool2dBackwardProgram, pool2dProgram, type Pool2dGeometry } from './pool2d.ts';
import { pool2dBackwardRef, pool2dRef } from './pool2d.ref.ts';
import { expectClose, runProgram, runProgramAll, seededFloats } from '../common/test-harness.ts';

const geometries: (Pool2dGeometry & { name: string })[] = [
  { name: '1x1', n: 1, h: 1, w: 1, c: 1, kh: 1, kw: 1, strideH: 1, strideW: 1, padTop: 0, padLeft: 0, oh: 1, ow: 1 },
  {
    name: '2x2 stride 2 on 28x28x6',
    n: 2,
    h: 28,
    w: 28,
    c: 6,
    kh: 2,
    kw: 2,
    strideH: 2,
    strideW: 2,
    padTop: 0,
    padLeft: 0,
    oh: 14,
    ow: 14,
  },
  {
    name: '3x3 stride 2 same padding on 7x9',
    n: 1,
    h: 7,
    w: 9,
    c: 3,
    kh: 3,
    kw: 3,
    strideH: 2,
    strideW: 2,
    padTop: 1,
    padLeft: 1,
    oh: 4,
    ow: 5,
  },
  {
    name: 'overlapping 3x2 stride 1',
    n: 2,
    h: 5,
    w: 4,
    c: 5,
    kh: 3,
    kw: 2,
    strideH: 1,
    strideW: 1,
    padTop: 0,
    padLeft: 0,
    oh: 3,
    ow: 3,
  },
  {
    name: 'stride larger than window',
    n: 1,
    h: 9,
    w: 9,
    c: 2,
    kh: 2,
    kw: 2,
    strideH: 3,
    strideW: 3,
    padTop: 0,
    padLeft: 0,
    oh: 3,
    ow: 3,
  },
  {
    name: 'dilation 2, 3x2 window, padding 1',
    ...{ n: 1, h: 7, w: 6, c: 3, kh: 3, kw: 2, strideH: 1, strideW: 2, padTop: 1, padLeft: 1 },
    ...{ dilH: 2, dilW: 2, padBottom: 1, padRight: 1, oh: 5, ow: 3 },
  },
  {
    name: 'ceil mode: a last window that hangs past the padding, count_include_pad',
    ...{ n: 2, h: 5, w: 6, c: 2, kh: 3, kw: 3, strideH: 2, strideW: 2, padTop: 1, padLeft: 0 },
    // floor((5 + 2 − 3)/2) + 1 = 3 rows; ceil mode gives ceil(4/2) + 1 = 3 and ceil((6 − 3)/2) + 1 = 3 columns.
    ...{ padBottom: 1, padRight: 0, oh: 3, ow: 3, countIncludePad: true },
  },
  {
    name: 'count_include_pad with dilation and asymmetric padding',
    ...{ n: 1, h: 4, w: 5, c: 1, kh: 2, kw: 3, strideH: 1, strideW: 1, padTop: 1, padLeft: 2 },
    ...{ dilH: 3, dilW: 2, padBottom: 0, padRight: 1, oh: 2, ow: 4, countIncludePad: true },
  },
];

describe('pool2d kernel', () => {
  for (const kind of ['max', 'avg'] as const)
    test.each(geometries)(`${kind} $name`, async (g) => {
      const x = seededFloats(g.n * g.h * g.w * g.c, 1);
      const dy = seededFloats(g.n * g.oh * g.ow * g.c, 2);
      const outs = await runProgramAll(pool2dProgram(kind, g), [x]);
      const ref = pool2dRef(kind, x, g);
      expectClose(new Float32Array(outs[0]), ref.y, 1e-6, 1e-5, 'forward');
      const inputs = kind === 'max' ? [dy, new Int32Array(outs[1])] : [dy];
      if (kind === 'max') expect(Array.from(new Int32Array(outs[1]))).toEqual(Array.from(ref.argmax));
      const dx = new Float32Array(await runProgram(pool2dBackwardProgram(kind, g), inputs));
      expectClose(dx, pool2dBackwardRef(kind, x, dy, g), 1e-6, 1e-5, 'backward');
    });
});
