// Plain TypeScript reference of the where/select kernel.
import { sizeOf } from '../common/shape.mjs';
import { stridedOffset } from '../common/strided.ref.ts';

/** out[shape] = cond != 0 ? a : b with broadcasting strides. */
export function whereRef(
  shape: readonly number[],
  cond: ArrayLike<number>,
  cStrides: readonly number[],
  a: ArrayLike<number>,
  aStrides: readonly number[],
  b: ArrayLike<number>,
  bStrides: readonly number[],
): Float64Array {
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] =
      cond[stridedOffset(i, shape, cStrides)] !== 0
        ? a[stridedOffset(i, shape, aStrides)]
        : b[stridedOffset(i, shape, bStrides)];
  }
  return out;
}
