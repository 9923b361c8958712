// Plain TypeScript reference of gather and its scatter-add backward (indices follow ONNX: negative ones count from
// the end; one outside [-axisLen, axisLen) reads NaN and contributes nothing to the gradient).
import type { GatherDims } from './gather.ts';

/** An index in [0, n), or -1 when it is outside [-n, n). */
export function resolveIndex(raw: number, n: number): number {
  const r = raw < 0 ? raw + n : raw;
  return r >= 0 && r < n ? r : -1;
}

/** out[o, j, i] = x[o, idx[j], i]; out-of-range indices read `fill` (NaN unless told). */
export function gatherRef(x: ArrayLike<number>, idx: ArrayLike<number>, d: GatherDims, fill = NaN): Float64Array {
  const out = new Float64Array(d.outer * d.nIdx * d.inner);
  for (let o = 0; o < d.outer; o++)
    for (let j = 0; j < d.nIdx; j++) {
      const r = resolveIndex(idx[j], d.axisLen);
      for (let i = 0; i < d.inner; i++)
        out[(o * d.nIdx + j) * d.inner + i] = r < 0 ? fill : x[(o * d.axisLen + r) * d.inner + i];
    }
  return out;
}

/** dx[o, r, i] = Σ_{j: idx[j] = r} dy[o, j, i]. */
export function gatherBackwardRef(dy: ArrayLike<number>, idx: ArrayLike<number>, d: GatherDims): Float64Array {
  const dx = new Float64Array(d.outer * d.axisLen * d.inner);
  for (let o = 0; o < d.outer; o++)
    for (let j = 0; j < d.nIdx; j++) {
      const r = resolveIndex(idx[j], d.axisLen);
      if (r < 0) continue;
      for (let i = 0; i < d.inner; i++) dx[(o * d.axisLen + r) * d.inner + i] += dy[(o * d.nIdx + j) * d.inner + i];
    }
  return dx;
}
