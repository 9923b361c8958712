// Op table, elementwise part: unary functions, broadcasting binaries, comparisons and where.
// Unary derivatives live beside their forward in kernels/unary (one `unary_backward` pass);
// binary rules are one line each, with sumTo undoing the broadcast.
import type { Engine } from '../engine.ts';
import type { Tensor } from '../tensor.ts';
import { unaryBackwardKernel, unaryKernel, type UnaryOp } from '../../../kernels/unary/unary.ts';
import { binaryKernel, type BinaryOp } from '../../../kernels/binary/binary.ts';
import { whereKernel } from '../../../kernels/where/where.ts';
import { broadcastShapes, broadcastStrides, collapseDims } from '../shape.ts';
import { requireF32 } from './checks.ts';
import type { OpDef, OpTable } from './types.ts';
import { div, greater, greaterEqual, less, lessEqual, log, mul, neg, pow, sub, sumTo, where } from './api.ts';

function unary<K extends UnaryOp>(op: K): OpDef<K> {
  return {
    forward: (e, [x], { alpha, beta }) => {
      requireF32(op, x);
      return e.launch(unaryKernel, [x], { op, size: x.size, alpha, beta }, x.shape);
    },
    // dx = dy · f'(x), computed by the kernel's backward entry point.
    backward: (dy, [x], _y, { alpha, beta }) => [
      x.engine.launch(unaryBackwardKernel, [x, dy], { op, size: x.size, alpha, beta }, x.shape),
    ],
  };
}

function binaryForward(op: BinaryOp) {
  return (e: Engine, [a, b]: readonly Tensor[]): Tensor => {
    requireF32(op, a, b);
    const shape = broadcastShapes(op, a.shape, b.shape);
    const c = collapseDims(shape, [broadcastStrides(a.shape, shape), broadcastStrides(b.shape, shape)]);
    return e.launch(
      binaryKernel,
      [a, b],
      { op, shape: c.shape, aStrides: c.strides[0], bStrides: c.strides[1] },
      shape,
    );
  };
}

/** Comparisons have no gradient. */
function comparison<K extends 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual'>(
  op: K,
): OpDef<K> {
  return { forward: binaryForward(op), backward: () => [null, null] };
}

type ElementwiseName = UnaryOp | BinaryOp | 'where';

export const elementwiseOps: OpTable<ElementwiseName> = {
  neg: unary('neg'),
  abs: unary('abs'),
  exp: unary('exp'),
  log: unary('log'),
  sqrt: unary('sqrt'),
  rsqrt: unary('rsqrt'),
  square: unary('square'),
  relu: unary('relu'),
  leakyRelu: unary('leakyRelu'),
  geluTanh: unary('geluTanh'),
  geluErf: unary('geluErf'),
  sigmoid: unary('sigmoid'),
  tanh: unary('tanh'),
  softplus: unary('softplus'),
  hardSigmoid: unary('hardSigmoid'),
  hardSwish: unary('hardSwish'),
  erf: unary('erf'),

  add: { forward: binaryForward('add'), backward: (dy, [a, b]) => [sumTo(dy, a.shape), sumTo(dy, b.shape)] },
  sub: { forward: binaryForward('sub'), backward: (dy, [a, b]) => [sumTo(dy, a.shape), sumTo(neg(dy), b.shape)] },
  mul: {
    forward: binaryForward('mul'),
    backward: (dy, [a, b]) => [sumTo(mul(dy, b), a.shape), sumTo(mul(dy, a), b.shape)],
  },
  div: {
    forward: binaryForward('div'),
    backward: (dy, [a, b], y) => [sumTo(div(dy, b), a.shape), sumTo(neg(div(mul(dy, y), b)), b.shape)],
  },
  // d(a^b)/da = b·a^(b-1); d(a^b)/db = a^b·ln a, taken as 0 where a ≤ 0 (ln undefined).
  pow: {
    forward: binaryForward('pow'),
    backward: (dy, [a, b], y) => [
      sumTo(mul(dy, mul(b, pow(a, sub(b, 1)))), a.shape),
      sumTo(where(greater(a, 0), mul(dy, mul(y, log(a))), 0), b.shape),
    ],
  },
  // Ties send the gradient to a.
  maximum: {
    forward: binaryForward('maximum'),
    backward: (dy, [a, b]) => [sumTo(mul(dy, greaterEqual(a, b)), a.shape), sumTo(mul(dy, less(a, b)), b.shape)],
  },
  minimum: {
    forward: binaryForward('minimum'),
    backward: (dy, [a, b]) => [sumTo(mul(dy, lessEqual(a, b)), a.shape), sumTo(mul(dy, greater(a, b)), b.shape)],
  },
  equal: comparison('equal'),
  notEqual: comparison('notEqual'),
  less: comparison('less'),
  lessEqual: comparison('lessEqual'),
  greater: comparison('greater'),
  greaterEqual: comparison('greaterEqual'),

  where: {
    forward: (e, [c, a, b]) => {
      requireF32('where', c, a, b);
      const shape = broadcastShapes('where', broadcastShapes('where', c.shape, a.shape), b.shape);
      const k = collapseDims(
        shape,
        [c, a, b].map((t) => broadcastStrides(t.shape, shape)),
      );
      const [condStrides, aStrides, bStrides] = k.strides;
      return e.launch(whereKernel, [c, a, b], { shape: k.shape, condStrides, aStrides, bStrides }, shape);
    },
    backward: (dy, [c, a, b]) => [null, sumTo(where(c, dy, 0), a.shape), sumTo(where(c, 0, dy), b.shape)],
  },
};
