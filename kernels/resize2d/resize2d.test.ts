// Resize kernel against its float64 reference: every ONNX coordinate transform and nearest mode, up, down and
// non-integer factors, explicit scales, size 1, and element counts that are not multiples of the workgroup; the
// backward is also checked as the adjoint of the forward, and a few outputs against values worked by hand from
// the ONNX Resize definition.
import { describe, expect, test } from 'vitest';
import {
  COORDINATE_TRANSFORMS,
  NEAREST_MODES,
  RESIZE_MODES,
  resize2dBackwardProgram,
  resize2dProgram,
  type Resize2dParams,
} from './resize2d.ts';
import { axisFraction, scaleFraction } from './coordinates.ts';
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
  [1, 5, 4, 1, 1, 1], // to one pixel (pytorch_half_pixel's and align_corners' special case)
];

const params = (s: (typeof shapes)[number], rest: Partial<Resize2dParams>): Resize2dParams => {
  const [n, h, w, c, oh, ow] = s;
  return { n, h, w, c, oh, ow, mode: 'nearest', ...rest };
};

/** Every (mode, transform, nearest mode) combination; bilinear ignores the nearest mode. */
const configs: Partial<Resize2dParams>[] = [
  ...RESIZE_MODES.map((mode) => ({ mode })),
  ...COORDINATE_TRANSFORMS.flatMap((coordinateTransform) => [
    { mode: 'bilinear' as const, coordinateTransform },
    ...NEAREST_MODES.map((nearestMode) => ({ mode: 'nearest' as const, coordinateTransform, nearestMode })),
  ]),
];
const label = (c: Partial<Resize2dParams>) =>
  [c.mode, c.coordinateTransform ?? 'default', c.mode === 'nearest' ? (c.nearestMode ?? 'floor') : ''].join(' ');

async function check(p: Resize2dParams, what: string) {
  const x = seededFloats(p.n * p.h * p.w * p.c, 3);
  const dy = seededFloats(p.n * p.oh * p.ow * p.c, 4);
  // f32 weights and at most 4 taps forward; the backward sums up to (out/in + 2)² terms per input.
  const y = new Float32Array(await runProgram(resize2dProgram(p), [x]));
  expectClose(y, resize2dRef(x, p), 1e-6, 1e-5, `${what} forward`);
  const dx = new Float32Array(await runProgram(resize2dBackwardProgram(p), [dy]));
  expectClose(dx, resize2dBackwardRef(dy, p), 1e-5, 1e-5, `${what} backward`);
}

describe('resize2d kernel', () => {
  for (const config of configs)
    test(`${label(config)}: forward and backward on ${shapes.length} shapes`, async () => {
      for (const s of shapes) await check(params(s, config), `${label(config)} [${s}]`);
    });

  test('explicit scales: ×2, ×4/×8, ×0.5/×1.5 and an f32 0.6', async () => {
    const cases: [number, number, [number, number], Partial<Resize2dParams>][] = [
      [3, 5, [2, 2], { mode: 'nearest', coordinateTransform: 'asymmetric', nearestMode: 'floor' }],
      [3, 2, [4, 8], { mode: 'nearest', coordinateTransform: 'half_pixel', nearestMode: 'round_prefer_floor' }],
      [4, 6, [0.5, 1.5], { mode: 'bilinear', coordinateTransform: 'align_corners' }],
      [5, 7, [Math.fround(0.6), 1.5], { mode: 'bilinear', coordinateTransform: 'pytorch_half_pixel' }],
    ];
    for (const [h, w, scales, rest] of cases) {
      const p = { n: 1, h, w, c: 2, oh: Math.floor(h * scales[0]), ow: Math.floor(w * scales[1]), scales, ...rest };
      await check({ mode: 'nearest', ...p }, `scales [${scales}]`);
    }
  });

  test('outputs worked by hand from the ONNX Resize definition', async () => {
    const x = new Float32Array([1, 2, 3, 4]); // [1, 2, 2, 1]
    const run = async (p: Partial<Resize2dParams>) =>
      Array.from(
        new Float32Array(
          await runProgram(resize2dProgram({ n: 1, h: 2, w: 2, c: 1, oh: 4, ow: 4, mode: 'nearest', ...p }), [x]),
        ),
      );
    // nearest ×2 repeats each pixel (asymmetric floor, and half_pixel round_prefer_floor alike).
    const repeated = [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4];
    expect(await run({})).toEqual(repeated);
    expect(await run({ coordinateTransform: 'half_pixel', nearestMode: 'round_prefer_floor', scales: [2, 2] })).toEqual(
      repeated,
    );
    // bilinear half_pixel ×2 along a row 1, 2: x = −0.25, 0.25, 0.75, 1.25 → 1, 1.25, 1.75, 2.
    expect((await run({ mode: 'bilinear', coordinateTransform: 'half_pixel' })).slice(0, 4)).toEqual([
      1, 1.25, 1.75, 2,
    ]);
    // align_corners: x = 0, 1/3, 2/3, 1 → 1, 4/3, 5/3, 2.
    expectClose(
      (await run({ mode: 'bilinear', coordinateTransform: 'align_corners' })).slice(0, 4),
      [1, 4 / 3, 5 / 3, 2],
      1e-6,
      0,
      'align_corners',
    );
    // asymmetric: x = 0, 0.5, 1, 1.5 → 1, 1.5, 2, 2.
    expect((await run({ mode: 'bilinear', coordinateTransform: 'asymmetric' })).slice(0, 4)).toEqual([1, 1.5, 2, 2]);
    // nearest asymmetric round_prefer_ceil: x = 0, 0.5, 1, 1.5 → 0, 1, 1, 1 (clamped); floor → 0, 0, 1, 1.
    expect((await run({ coordinateTransform: 'asymmetric', nearestMode: 'round_prefer_ceil' })).slice(0, 4)).toEqual([
      1, 2, 2, 2,
    ]);
    // tf_half_pixel_for_nn ceil: x = 0.25, 0.75, 1.25, 1.75 → 1, 1, 2, 2, clamped to 1 on both axes → x[1, 1] = 4.
    expect((await run({ coordinateTransform: 'tf_half_pixel_for_nn', nearestMode: 'ceil' })).slice(0, 4)).toEqual([
      4, 4, 4, 4,
    ]);
  });

  test('coordinate fractions: exact and reduced; float scales become small fractions', () => {
    // (2o + 1)·2/8 − ½ = (2o − 1)/4.
    expect(axisFraction('half_pixel', 2, 4)).toEqual({ a: 2, b: -1, den: 4 });
    expect(axisFraction('pytorch_half_pixel', 5, 1)).toEqual({ a: 0, b: -1, den: 2 });
    expect(axisFraction('align_corners', 5, 1)).toEqual({ a: 0, b: 0, den: 1 });
    expect(scaleFraction(Math.fround(0.6))).toEqual([3, 5]);
    expect(scaleFraction(8)).toEqual([8, 1]);
    expect(scaleFraction(Math.PI)).toEqual([355, 113]); // within 1e-6: the taps differ from π's only at near-ties
    expect(() => scaleFraction(1.00001)).toThrow(/not a fraction/);
    expect(() => scaleFraction(0)).toThrow(/positive/);
  });

  test('the reference backward is the adjoint of the reference forward: <resize(x), dy> = <x, dx>', () => {
    for (const config of configs)
      for (const s of shapes) {
        const p = params(s, config);
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
