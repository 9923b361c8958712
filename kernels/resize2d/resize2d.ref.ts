// Float64 reference of the 2-D resize (nearest and half-pixel bilinear, NHWC) and its gradient, written
// as the textbook scatter: each output position adds its weights to the input positions it reads.
import type { Resize2dParams } from './resize2d.ts';

/** The input taps and weights output position `o` reads along one axis of `inn` → `out`. */
export function resizeTaps(mode: Resize2dParams['mode'], o: number, inn: number, out: number): [number, number][] {
  if (mode === 'nearest') return [[Math.floor((o * inn) / out), 1]];
  // Half-pixel centres, clamped at 0; in integers so the taps match the kernel exactly.
  const num = (2 * o + 1) * inn - out;
  const i0 = num <= 0 ? 0 : Math.floor(num / (2 * out));
  const frac = num <= 0 ? 0 : (num % (2 * out)) / (2 * out);
  return [
    [i0, 1 - frac],
    [Math.min(i0 + 1, inn - 1), frac],
  ];
}

/** Visits every (output element, input element, weight) of the resize. */
function forEachTap(p: Resize2dParams, visit: (outIndex: number, inIndex: number, weight: number) => void): void {
  for (let b = 0; b < p.n; b++)
    for (let oy = 0; oy < p.oh; oy++)
      for (const [iy, wy] of resizeTaps(p.mode, oy, p.h, p.oh))
        for (let ox = 0; ox < p.ow; ox++)
          for (const [ix, wx] of resizeTaps(p.mode, ox, p.w, p.ow))
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
