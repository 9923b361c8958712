// Reference of strided.wgsl: linear index → element offset through shape and strides.

/** Offset of linear index `i` of `shape` in a buffer laid out with `strides` (0 broadcasts). */
export function stridedOffset(i: number, shape: readonly number[], strides: readonly number[]): number {
  let off = 0;
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d];
    off += (i % n) * strides[d];
    i = Math.floor(i / n);
  }
  return off;
}
