// Plain TypeScript reference of the broadcasting binary kernel, in float64.
import type { BinaryOp } from './binary.ts';
import { sizeOf } from '../common/shape.mjs';
import { stridedOffset } from '../common/strided.ref.ts';

/** a ⊕ b for one pair of elements. */
export function binaryScalar(op: BinaryOp, x: number, y: number): number {
  switch (op) {
    case 'add':
      return x + y;
    case 'sub':
      return x - y;
    case 'mul':
      return x * y;
    case 'div':
      return x / y;
    case 'pow':
      return Math.pow(x, y);
    case 'maximum':
      return Math.max(x, y);
    case 'minimum':
      return Math.min(x, y);
    case 'equal':
      return x === y ? 1 : 0;
    case 'notEqual':
      return x !== y ? 1 : 0;
    case 'less':
      return x < y ? 1 : 0;
    case 'lessEqual':
      return x <= y ? 1 : 0;
    case 'greater':
      return x > y ? 1 : 0;
    case 'greaterEqual':
      return x >= y ? 1 : 0;
    default:
      return op satisfies never;
  }
}

/** out[shape] = a ⊕ b, inputs read through element strides (0 = broadcast). */
export function binaryRef(
  op: BinaryOp,
  a: ArrayLike<number>,
  aStrides: readonly number[],
  b: ArrayLike<number>,
  bStrides: readonly number[],
  shape: readonly number[],
): Float64Array {
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++)
    out[i] = binaryScalar(op, a[stridedOffset(i, shape, aStrides)], b[stridedOffset(i, shape, bStrides)]);
  return out;
}
