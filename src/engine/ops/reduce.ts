// Op table, reduction part: sum, mean, max, min over any set of axes (permuted to the end, then one row
// reduction), and argmax along one axis.
import type { Engine } from '../engine.ts';
import type { Tensor } from '../tensor.ts';
import { reduceKernel, type ReduceOp } from '../../../kernels/reduce/reduce.ts';
import { ShapeError } from '../errors.ts';
import { sizeOf } from '../shape.ts';
import { requireF32 } from './checks.ts';
import { areTrailing, permuted } from './layout.ts';
import type { OpTable, ReduceAttrs } from './types.ts';
import { broadcastTo, div, equal, mul, reshape, sum } from './api.ts';

function keptShape(x: Tensor, axes: readonly number[], keepDims: boolean): number[] {
  return keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
}

function reduceAlong(
  e: Engine,
  op: ReduceOp,
  name: string,
  x: Tensor,
  axes: readonly number[],
  keepDims: boolean,
  mean: boolean,
): Tensor {
  const cols = sizeOf(axes.map((a) => x.shape[a]));
  if (cols === 0) {
    // NumPy's rules: an empty sum is 0 and an empty mean is NaN; max, min and argmax have no answer.
    if (op === 'sum') return e.full(keptShape(x, axes, keepDims), mean ? NaN : 0);
    throw new ShapeError(name, `cannot take ${name} over an empty axis of [${x.shape.join(', ')}]`);
  }
  const rows = x.size / cols;
  const kept = [...Array(x.rank).keys()].filter((d) => !axes.includes(d));
  const src = areTrailing(axes, x.rank) ? x : permuted(e, x, [...kept, ...axes]);
  const params = { op, rows, cols, scale: mean ? 1 / cols : 1 };
  const out = e.launch(reduceKernel, [src], params, keptShape(x, axes, keepDims), op === 'argmax' ? 'i32' : 'f32');
  if (src !== x) src.dispose();
  return out;
}

/** Reshapes a reduced gradient back to keepDims form and broadcasts it over the input. */
function spread(dy: Tensor, x: Tensor, { axes }: ReduceAttrs): Tensor {
  return broadcastTo(reshape(dy, keptShape(x, axes, true)), x.shape);
}

/** max/min: the gradient is shared equally by the elements equal to the extreme value. */
function extremeBackward(dy: Tensor, [x]: readonly Tensor[], y: Tensor, attrs: ReduceAttrs) {
  const yb = reshape(y, keptShape(x, attrs.axes, true));
  const hit = equal(x, yb);
  return [mul(spread(dy, x, attrs), div(hit, sum(hit, attrs.axes, true)))];
}

export const reduceOps: OpTable<'sum' | 'mean' | 'max' | 'min' | 'argmax'> = {
  sum: {
    forward: (e, [x], { axes, keepDims }) => (
      requireF32('sum', x),
      reduceAlong(e, 'sum', 'sum', x, axes, keepDims, false)
    ),
    backward: (dy, [x], _y, attrs) => [spread(dy, x, attrs)],
  },
  mean: {
    forward: (e, [x], { axes, keepDims }) => (
      requireF32('mean', x),
      reduceAlong(e, 'sum', 'mean', x, axes, keepDims, true)
    ),
    backward: (dy, [x], _y, attrs) => [div(spread(dy, x, attrs), sizeOf(attrs.axes.map((a) => x.shape[a])))],
  },
  max: {
    forward: (e, [x], { axes, keepDims }) => (
      requireF32('max', x),
      reduceAlong(e, 'max', 'max', x, axes, keepDims, false)
    ),
    backward: extremeBackward,
  },
  min: {
    forward: (e, [x], { axes, keepDims }) => (
      requireF32('min', x),
      reduceAlong(e, 'min', 'min', x, axes, keepDims, false)
    ),
    backward: extremeBackward,
  },
  argmax: {
    forward: (e, [x], { axis, keepDims }) => (
      requireF32('argmax', x),
      reduceAlong(e, 'argmax', 'argmax', x, [axis], keepDims, false)
    ),
    backward: () => [null],
  },
};
