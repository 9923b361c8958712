// Op table, data-movement part: reshape (a view), permute, slice, concat, pad, broadcastTo, gather.
// All but reshape and gather are one strided copy (kernels/copy); each backward is the op that undoes it.
import type { Tensor } from '../tensor.ts';
import { broadcastStrides, sizeOf, stridesOf } from '../shape.ts';
import { requireIndex } from './checks.ts';
import { DTypeError, IndexRangeError } from '../errors.ts';
import type { Engine } from '../engine.ts';
import { copyInto, permuted } from './layout.ts';
import { castKernel, copyKernel } from '../../../kernels/copy/copy.ts';
import { gatherBackwardKernel, gatherKernel, type GatherDims } from '../../../kernels/gather/gather.ts';
import type { OpTable } from './types.ts';
import { pad, permute, reshape, slice, sumTo } from './api.ts';

function gatherDims(x: Tensor, idx: Tensor, axis: number): GatherDims {
  return {
    outer: sizeOf(x.shape.slice(0, axis)),
    axisLen: x.shape[axis],
    inner: sizeOf(x.shape.slice(axis + 1)),
    nIdx: idx.size,
    fill: x.dtype === 'f32' ? 'nan' : 'zero',
  };
}

/**
 * Indices follow ONNX: -n ≤ i < 0 counts from the end. One outside [-n, n) that the engine knows from the host
 * is refused here, on every backend; one a kernel computed reads NaN (see kernels/gather).
 */
function checkGatherIndices(e: Engine, x: Tensor, idx: Tensor, axis: number): void {
  const range = e.knownRange(idx);
  const n = x.shape[axis];
  if (!range || (range.min >= -n && range.max < n)) return;
  const bad = range.min < -n ? range.min : range.max;
  throw new IndexRangeError(
    'gather',
    bad,
    `is outside [${-n}, ${n}) for axis ${axis} of a [${x.shape.join(', ')}] tensor (negative indices count from the end)`,
  );
}

export const shapeOps: OpTable<'reshape' | 'permute' | 'slice' | 'concat' | 'pad' | 'broadcastTo' | 'gather' | 'cast'> =
  {
    cast: {
      forward: (e, [x], { dtype }) => {
        if (dtype === x.dtype) return e.wrap(x.storage, x.shape, x.dtype);
        const kind =
          x.dtype === 'i32' && dtype === 'f32'
            ? 'i32->f32'
            : x.dtype === 'u32' && dtype === 'f32'
              ? 'u32->f32'
              : x.dtype === 'f32' && dtype === 'i32'
                ? 'f32->i32'
                : null;
        if (!kind) throw new DTypeError('cast', `cannot cast ${x.dtype} to ${dtype}`);
        return e.launch(castKernel, [x], { size: x.size, kind }, x.shape, dtype);
      },
      // Only f32 → f32 carries a gradient; integer values have none.
      backward: (dy, [x], _y, { dtype }) => [x.dtype === 'f32' && dtype === 'f32' ? dy : null],
    },
    reshape: {
      forward: (e, [x], { shape }) => e.wrap(x.storage, shape, x.dtype),
      backward: (dy, [x]) => [reshape(dy, x.shape)],
    },
    permute: {
      forward: (e, [x], { perm }) => permuted(e, x, perm),
      backward: (dy, _x, _y, { perm }) => {
        const inverse = new Array<number>(perm.length);
        perm.forEach((p, i) => (inverse[p] = i));
        return [permute(dy, inverse)];
      },
    },
    slice: {
      forward: (e, [x], { begin, size }) => {
        const strides = stridesOf(x.shape);
        const spec = {
          shape: size.length ? size : [1],
          srcOffset: begin.reduce((acc, b, d) => acc + b * strides[d], 0),
          srcStrides: size.length ? strides : [1],
          dstOffset: 0,
          dstStrides: size.length ? stridesOf(size) : [1],
          dstSize: sizeOf(size),
        };
        return e.launch(copyKernel, [x], spec, size, x.dtype);
      },
      backward: (dy, [x], _y, { begin, size }) => [
        pad(
          dy,
          begin.map((b, d) => [b, x.shape[d] - b - size[d]] as [number, number]),
        ),
      ],
    },
    concat: {
      forward: (e, xs, { axis }) => {
        const outShape = [...xs[0].shape];
        outShape[axis] = xs.reduce((acc, t) => acc + t.shape[axis], 0);
        let dst: Tensor | null = null;
        let at = 0;
        for (const t of xs) {
          const begin = outShape.map((_, d) => (d === axis ? at : 0));
          dst = copyInto(e, t, dst, outShape, begin);
          at += t.shape[axis];
        }
        return dst!;
      },
      backward: (dy, xs, _y, { axis }) => {
        let at = 0;
        return xs.map((t) => {
          const begin = t.shape.map((_, d) => (d === axis ? at : 0));
          at += t.shape[axis];
          return slice(dy, begin, t.shape);
        });
      },
    },
    pad: {
      forward: (e, [x], { paddings, value }) => {
        const outShape = x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]);
        const dst = e.full(outShape, value, x.dtype);
        return copyInto(
          e,
          x,
          dst,
          outShape,
          paddings.map((p) => p[0]),
        );
      },
      backward: (dy, [x], _y, { paddings }) => [
        slice(
          dy,
          paddings.map((p) => p[0]),
          x.shape,
        ),
      ],
    },
    broadcastTo: {
      forward: (e, [x], { shape }) => {
        const spec = {
          shape: shape.length ? shape : [1],
          srcOffset: 0,
          srcStrides: shape.length ? broadcastStrides(x.shape, shape) : [0],
          dstOffset: 0,
          dstStrides: shape.length ? stridesOf(shape) : [1],
          dstSize: sizeOf(shape),
        };
        return e.launch(copyKernel, [x], spec, shape, x.dtype);
      },
      backward: (dy, [x]) => [sumTo(dy, x.shape)],
    },
    gather: {
      forward: (e, [x, idx], { axis }) => {
        requireIndex('gather', idx);
        checkGatherIndices(e, x, idx, axis);
        const outShape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
        return e.launch(gatherKernel, [x, idx], gatherDims(x, idx, axis), outShape, x.dtype);
      },
      // Deterministic scatter-add: the same indices always give bit-identical gradients.
      backward: (dy, [x, idx], _y, { axis }) => [
        x.engine.launch(gatherBackwardKernel, [dy, idx], gatherDims(x, idx, axis), x.shape),
        null,
      ],
    },
  };
