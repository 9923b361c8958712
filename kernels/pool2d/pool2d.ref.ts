// Plain TypeScript reference of 2-D max/average pooling (NHWC) and their gradients.
import type { Pool2dGeometry, PoolKind } from './pool2d.ts';

/** Taps of a window starting at `start` (k taps, `dil` apart) inside [lo, hi). */
function tapsInside(start: number, k: number, dil: number, lo: number, hi: number): number {
  let count = 0;
  for (let t = 0; t < k; t++) if (start + t * dil >= lo && start + t * dil < hi) count++;
  return count;
}

/** Calls visit(outIndex, inIndex, divisor, position) for every window tap inside the image. */
function forEachWindow(g: Pool2dGeometry, visit: (o: number, i: number, count: number, pos: number) => void): void {
  const [dh, dw] = [g.dilH ?? 1, g.dilW ?? 1];
  // Average pooling's divisor: taps inside the image, or inside the padded image (count_include_pad).
  const [loH, hiH, loW, hiW] = g.countIncludePad
    ? [-g.padTop, g.h + (g.padBottom ?? 0), -g.padLeft, g.w + (g.padRight ?? 0)]
    : [0, g.h, 0, g.w];
  for (let n = 0; n < g.n; n++)
    for (let oh = 0; oh < g.oh; oh++)
      for (let ow = 0; ow < g.ow; ow++) {
        const h0 = oh * g.strideH - g.padTop;
        const w0 = ow * g.strideW - g.padLeft;
        const count = tapsInside(h0, g.kh, dh, loH, hiH) * tapsInside(w0, g.kw, dw, loW, hiW);
        for (let c = 0; c < g.c; c++) {
          const o = ((n * g.oh + oh) * g.ow + ow) * g.c + c;
          for (let kh = 0; kh < g.kh; kh++) {
            const ih = h0 + kh * dh;
            if (ih < 0 || ih >= g.h) continue;
            for (let kw = 0; kw < g.kw; kw++) {
              const iw = w0 + kw * dw;
              if (iw < 0 || iw >= g.w) continue;
              visit(o, ((n * g.h + ih) * g.w + iw) * g.c + c, count, ih * g.w + iw);
            }
          }
        }
      }
}

/** y (and argmax positions ih·W + iw for max; -1 for an empty window). */
export function pool2dRef(
  kind: PoolKind,
  x: ArrayLike<number>,
  g: Pool2dGeometry,
): { y: Float64Array; argmax: Int32Array } {
  const size = g.n * g.oh * g.ow * g.c;
  const y = new Float64Array(size);
  const argmax = new Int32Array(size).fill(-1);
  forEachWindow(g, (o, i, count, pos) => {
    if (kind === 'avg') y[o] += x[i] / count;
    // The first NaN in the window wins, as IEEE max does.
    else if (argmax[o] < 0 || (!Number.isNaN(y[o]) && (x[i] > y[o] || Number.isNaN(x[i])))) {
      y[o] = x[i];
      argmax[o] = pos;
    }
  });
  return { y, argmax };
}

/** dx from dy (max routes each dy to its window's first maximum). */
export function pool2dBackwardRef(
  kind: PoolKind,
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: Pool2dGeometry,
): Float64Array {
  const dx = new Float64Array(g.n * g.h * g.w * g.c);
  const { argmax } = pool2dRef(kind, x, g);
  forEachWindow(g, (o, i, count, pos) => {
    if (kind === 'avg') dx[i] += dy[o] / count;
    else if (argmax[o] === pos) dx[i] += dy[o];
  });
  return dx;
}
