// Float64 reference of the transposed convolution, written from its definition (each input pixel scatters
// its filter-weighted copy into the output) rather than from conv2d's loops, so the two can check each other.
import type { Conv2dGeometry } from './conv2d.ts';

/**
 * y [n, g.h, g.w, g.cin] from x [n, g.oh, g.ow, g.cout] and w [kh, kw, g.cin/groups, g.cout] (g is the geometry of
 * the convolution being transposed, see convTransposeAsConv): y[n, ih·s + kh·d − pad, oc] += x[n, ih, ic] · w[kh,
 * kw, oc within its group, ic], for input channel ic and output channel oc in the same group; then + bias[oc].
 */
export function convTranspose2dRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  g: Conv2dGeometry,
): Float64Array {
  const [outH, outW, outC, inC] = [g.h, g.w, g.cin, g.cout];
  const outG = outC / g.groups;
  const inG = inC / g.groups;
  const y = new Float64Array(g.n * outH * outW * outC);
  for (let n = 0; n < g.n; n++)
    for (let ih = 0; ih < g.oh; ih++)
      for (let iw = 0; iw < g.ow; iw++)
        for (let ic = 0; ic < inC; ic++) {
          const v = x[((n * g.oh + ih) * g.ow + iw) * inC + ic];
          const grp = Math.floor(ic / inG);
          for (let kh = 0; kh < g.kh; kh++) {
            const oh = ih * g.strideH + kh * g.dilH - g.padTop;
            if (oh < 0 || oh >= outH) continue;
            for (let kw = 0; kw < g.kw; kw++) {
              const ow = iw * g.strideW + kw * g.dilW - g.padLeft;
              if (ow < 0 || ow >= outW) continue;
              for (let o = 0; o < outG; o++)
                y[((n * outH + oh) * outW + ow) * outC + grp * outG + o] +=
                  v * w[((kh * g.kw + kw) * outG + o) * inC + ic];
            }
          }
        }
  if (bias) for (let i = 0; i < y.length; i++) y[i] += bias[i % outC];
  return y;
}
