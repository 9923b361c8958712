// Plain TypeScript reference of conv2d (NHWC, HWIO) and both its gradients, by direct loops in float64.
import { activationRef } from '../matmul/matmul.ref.ts';
import type { MatmulActivation } from '../matmul/matmul.ts';
import type { Conv2dGeometry } from './conv2d.ts';

/**
 * Visits every (output position, filter tap, channel pair) that touches the input: the one loop all three passes share.
 */
function forEachTap(g: Conv2dGeometry, visit: (xi: number, wi: number, yi: number) => void): void {
  const cinG = g.cin / g.groups;
  const coutG = g.cout / g.groups;
  for (let n = 0; n < g.n; n++)
    for (let oh = 0; oh < g.oh; oh++)
      for (let ow = 0; ow < g.ow; ow++)
        for (let kh = 0; kh < g.kh; kh++) {
          const ih = oh * g.strideH + kh * g.dilH - g.padTop;
          if (ih < 0 || ih >= g.h) continue;
          for (let kw = 0; kw < g.kw; kw++) {
            const iw = ow * g.strideW + kw * g.dilW - g.padLeft;
            if (iw < 0 || iw >= g.w) continue;
            for (let grp = 0; grp < g.groups; grp++)
              for (let ci = 0; ci < cinG; ci++) {
                const xi = ((n * g.h + ih) * g.w + iw) * g.cin + grp * cinG + ci;
                for (let co = 0; co < coutG; co++) {
                  const c = grp * coutG + co;
                  visit(xi, ((kh * g.kw + kw) * cinG + ci) * g.cout + c, ((n * g.oh + oh) * g.ow + ow) * g.cout + c);
                }
              }
          }
        }
}

/** y = act(conv(x, w) + bias). */
export function conv2dRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  g: Conv2dGeometry,
  activation: MatmulActivation = 'none',
): Float64Array {
  const y = new Float64Array(g.n * g.oh * g.ow * g.cout);
  forEachTap(g, (xi, wi, yi) => (y[yi] += x[xi] * w[wi]));
  for (let i = 0; i < y.length; i++) y[i] = activationRef(activation, y[i] + (bias ? bias[i % g.cout] : 0));
  return y;
}

/** dL/dx from dL/dy. */
export function conv2dInputGradRef(dy: ArrayLike<number>, w: ArrayLike<number>, g: Conv2dGeometry): Float64Array {
  const dx = new Float64Array(g.n * g.h * g.w * g.cin);
  forEachTap(g, (xi, wi, yi) => (dx[xi] += dy[yi] * w[wi]));
  return dx;
}

/** dL/dw from x and dL/dy. */
export function conv2dFilterGradRef(x: ArrayLike<number>, dy: ArrayLike<number>, g: Conv2dGeometry): Float64Array {
  const dw = new Float64Array(g.kh * g.kw * (g.cin / g.groups) * g.cout);
  forEachTap(g, (xi, wi, yi) => (dw[wi] += x[xi] * dy[yi]));
  return dw;
}
