// Plain TypeScript reference of the strided copy kernel.
import { sizeOf } from '../common/shape.mjs';
import { stridedOffset } from '../common/strided.ref.ts';
import type { CopySpec } from './copy.ts';

/** Copies the region of `spec` from src into dst in place and returns dst. */
export function copyRef<T extends { [i: number]: number; length: number }>(
  src: ArrayLike<number>,
  dst: T,
  spec: CopySpec,
): T {
  const n = sizeOf(spec.shape);
  for (let i = 0; i < n; i++) {
    dst[spec.dstOffset + stridedOffset(i, spec.shape, spec.dstStrides)] =
      src[spec.srcOffset + stridedOffset(i, spec.shape, spec.srcStrides)];
  }
  return dst;
}
