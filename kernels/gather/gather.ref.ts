// Plain TypeScript reference of gather and its scatter-add backward.
import type { GatherDims } from './gather.ts';

/** out[o, j, i] = x[o, idx[j], i]; out-of-range indices give 0. */
export function gatherRef(x: ArrayLike<number>, idx: ArrayLike<number>, d: GatherDims): Float64Array {
  const out = new Float64Array(d.outer * d.nIdx * d.inner);
  for (let o = 0; o < d.outer; o++)
    for (let j = 0; j < d.nIdx; j++) {
      const r = idx[j];
      if (r < 0 || r >= d.axisLen) continue;
      for (let i = 0; i < d.inner; i++) out[(o * d.nIdx + j) * d.inner + i] = x[(o * d.axisLen + r) * d.inner + i];
    }
  return out;
}

/** dx[o, r, i] = Σ_{j: idx[j] = r} dy[o, j, i]. */
export function gatherBackwardRef(dy: ArrayLike<number>, idx: ArrayLike<number>, d: GatherDims): Float64Array {
  const dx = new Float64Array(d.outer * d.axisLen * d.inner);
  for (let o = 0; o < d.outer; o++)
    for (let j = 0; j < d.nIdx; j++) {
      const r = idx[j];
      if (r < 0 || r >= d.axisLen) continue;
      for (let i = 0; i < d.inner; i++) dx[(o * d.axisLen + r) * d.inner + i] += dy[(o * d.nIdx + j) * d.inner + i];
    }
  return dx;
}
