// Float64 reference of the 2-D resize (nearest and bilinear, NHWC, ONNX coordinate transforms) and its gradient,
// written as the textbook scatter: each output position adds its weights to the input positions it reads.
import type { Resize2dParams } from './resize2d.ts';
import { resizeAxes, type AxisFraction, type NearestMode } from './coordinates.ts';

/** The input taps and weights output position `o` reads along one axis of length `inn`. */
export function resizeTaps(
  mode: Resize2dParams['mode'],
  nearest: NearestMode,
  f: AxisFraction,
  o: number,
  inn: number,
): [number, number][] {
  // Exact floor division of integers (a float quotient alone could round across an integer).
  const num = f.a * o + f.b;
  let q = Math.floor(num / f.den);
  let r = num - q * f.den;
  if (r < 0) [q, r] = [q - 1, r + f.den];
  if (r >= f.den) [q, r] = [q + 1, r - f.den];
  const clampIndex = (i: number) => Math.min(Math.max(i, 0), inn - 1);
  if (mode === 'nearest') {
    const up =
      r !== 0 &&
      (nearest === 'ceil' ||
        (nearest === 'round_prefer_floor' ? 2 * r > f.den : nearest === 'round_prefer_ceil' && 2 * r >= f.den));
    return [[clampIndex(q + (up ? 1 : 0)), 1]];
  }
  const frac = r / f.den;
  return [
    [clampIndex(q), 1 - frac],
    [clampIndex(q + 1), frac],
  ];
}

/** Visits every (output element, input element, weight) of the resize. */
function forEachTap(p: Resize2dParams, visit: (outIndex: number, inIndex: number, weight: number) => void): void {
  const axes = resizeAxes(p);
  for (let b = 0; b < p.n; b++)
    for (let oy = 0; oy < p.oh; oy++)
      for (const [iy, wy] of resizeTaps(p.mode, axes.nearest, axes.y, oy, p.h))
        for (let ox = 0; ox < p.ow; ox++)
          for (const [ix, wx] of resizeTaps(p.mode, axes.nearest, axes.x, ox, p.w))
            for (let c = 0; c < p.c; c++)
              visit(((b * p.oh + oy) * p.ow + ox) * p.c + c, ((b * p.h + iy) * p.w + ix) * p.c + c, wy * wx);
}

/** y [n, oh, ow, c] from x [n, h, w, c]. */
export function resize2dRef(x: ArrayLike<number>, p: Resize2dParams): Float64Array {
  const y = new Float64Array(p.n * p.oh * p.ow * p.c);
  forEachTap(p, (o, i, wt) => (y[o] += wt * x[i]));
  return y;
}

/** dx [n, h, w, c] from dy [n, oh, ow, c]. */
export function resize2dBackwardRef(dy: ArrayLike<number>, p: Resize2dParams): Float64Array {
  const dx = new Float64Array(p.n * p.h * p.w * p.c);
  forEachTap(p, (o, i, wt) => (dx[i] += wt * dy[o]));
  return dx;
}
