// Storage-level helpers for ops that move data: permuting into a contiguous layout and copying regions.
import type { Engine } from '../engine.ts';
import type { Storage } from '../backend.ts';
import type { Tensor } from '../tensor.ts';
import { sizeOf, stridesOf } from '../shape.ts';

/** A contiguous copy of `x` with its axes reordered by `perm`. */
export function permuteStorage(e: Engine, x: Tensor, perm: readonly number[]): Storage {
  const strides = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  return e.backend.copy(
    x.storage,
    null,
    {
      shape,
      srcOffset: 0,
      srcStrides: perm.map((p) => strides[p]),
      dstOffset: 0,
      dstStrides: stridesOf(shape),
      dstSize: sizeOf(shape),
    },
    x.dtype,
  );
}

/** Whether `axes` (sorted) are the trailing axes of a rank-`rank` tensor. */
export function areTrailing(axes: readonly number[], rank: number): boolean {
  return axes.every((a, i) => a === rank - axes.length + i);
}
