// Data-movement helpers for ops: permuting into a contiguous layout and copying a tensor into a region of another.
import type { Engine } from '../engine.ts';
import type { Tensor } from '../tensor.ts';
import { copyKernel, type CopySpec } from '../../../kernels/copy/copy.ts';
import { sizeOf, stridesOf } from '../shape.ts';

/** A contiguous copy of `x` with its axes reordered by `perm`. */
export function permuted(e: Engine, x: Tensor, perm: readonly number[]): Tensor {
  const strides = stridesOf(x.shape);
  const shape = perm.map((p) => x.shape[p]);
  const spec: CopySpec = {
    shape,
    srcOffset: 0,
    srcStrides: perm.map((p) => strides[p]),
    dstOffset: 0,
    dstStrides: stridesOf(shape),
    dstSize: sizeOf(shape),
  };
  return e.launch(copyKernel, [x], spec, shape, x.dtype);
}

/**
 * Copies all of `x` into the region of a tensor of `outShape` starting at `begin`: into `dst` in place, or
 * into a new (otherwise uninitialised) tensor when `dst` is null. Returns the destination.
 */
export function copyInto(
  e: Engine,
  x: Tensor,
  dst: Tensor | null,
  outShape: readonly number[],
  begin: readonly number[],
): Tensor {
  const os = stridesOf(outShape);
  const spec: CopySpec = {
    shape: x.shape.length ? x.shape : [1],
    srcOffset: 0,
    srcStrides: x.shape.length ? stridesOf(x.shape) : [1],
    dstOffset: begin.reduce((acc, b, d) => acc + b * os[d], 0),
    dstStrides: x.shape.length ? os : [1],
    dstSize: sizeOf(outShape),
  };
  if (!dst) return e.launch(copyKernel, [x], spec, [...outShape], x.dtype);
  e.launchInto(copyKernel, [x], spec, [dst]);
  return dst;
}

/** Whether `axes` (sorted) are the trailing axes of a rank-`rank` tensor. */
export function areTrailing(axes: readonly number[], rank: number): boolean {
  return axes.every((a, i) => a === rank - axes.length + i);
}
