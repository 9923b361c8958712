// Resize kernel against its float64 reference: up, down and non-integer factors, size 1, and element counts
// that are not multiples of the workgroup; the backward is also checked as the adjoint of the forward.
import { describe, expect, test } from 'vitest';
import { RESIZE_MODES, resize2dBackwardProgram, resize2dProgram, type Resize2dParams } from './resize2d.ts';
import { resize2dBackwardRef, resize2dRef } from './resize2d.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

// [n, h, w, c, oh, ow]
const shapes: [number, number, number, number, number, number][] = [
  [1, 1, 1, 1, 1, 1],
  [1, 1, 1, 3, 4, 5], // one pixel spread everywhere
  [2, 3, 5, 3, 6, 10], // ×2 up
  [1, 7, 9, 2, 3, 4], // down by non-integer factors
  [2, 5, 3, 17, 13, 11], // up by non-integer factors; 2·13·11·17 = 4862 outputs, not a multiple of 256
  [1, 4, 4, 1, 4, 4], // identity
];

const params = (s: (typeof shapes)[number], mode: Resize2dParams['mode']): Resize2dParams => {
  const [n, h, w, c, oh, ow] = s;
  return { n, h, w, c, oh, ow, mode };
};

describe('resize2d kernel', () => {
  for (const mode of RESIZE_MODES) {
    test.each(shapes)(`${mode} [%i,%i,%i,%i] → %ix%i forward and backward`, async (...s) => {
      const p = params(s, mode);
      const x = seededFloats(p.n * p.h * p.w * p.c, 3);
      const dy = seededFloats(p.n * p.oh * p.ow * p.c, 4);
      // f32 weights and at most 4 taps forward; the backward sums up to (out/in + 2)² terms per input.
      const y = new Float32Array(await runProgram(resize2dProgram(p), [x]));
      expectClose(y, resize2dRef(x, p), 1e-6, 1e-5, `${mode} forward`);
      const dx = new Float32Array(await runProgram(resize2dBackwardProgram(p), [dy]));
      expectClose(dx, resize2dBackwardRef(dy, p), 1e-5, 1e-5, `${mode} backward`);
    });
  }

  test('nearest ×2 repeats each pixel; bilinear keeps a constant image constant', async () => {
    const p: Resize2dParams = { n: 1, h: 2, w: 2, c: 1, oh: 4, ow: 4, mode: 'nearest' };
    const y = new Float32Array(await runProgram(resize2dProgram(p), [new Float32Array([1, 2, 3, 4])]));
    expect(Array.from(y)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
    const q: Resize2dParams = { n: 1, h: 3, w: 5, c: 2, oh: 7, ow: 4, mode: 'bilinear' };
    const ones = new Float32Array(await runProgram(resize2dProgram(q), [new Float32Array(30).fill(1)]));
    expectClose(ones, new Float64Array(56).fill(1), 1e-6, 0, 'constant');
  });

  test('the reference backward is the adjoint of the reference forward: <resize(x), dy> = <x, dx>', () => {
    for (const mode of RESIZE_MODES)
      for (const s of shapes) {
        const p = params(s, mode);
        const x = seededFloats(p.n * p.h * p.w * p.c, 5);
        const dy = seededFloats(p.n * p.oh * p.ow * p.c, 6);
        const y = resize2dRef(x, p);
        const dx = resize2dBackwardRef(dy, p);
        const lhs = y.reduce((acc, v, i) => acc + v * dy[i], 0);
        const rhs = dx.reduce((acc, v, i) => acc + v * x[i], 0);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * (1 + Math.abs(lhs)));
      }
  });
});
