// Shape arithmetic shared by the op table: sizes, strides, NumPy broadcasting, axis normalisation, dim merging.
import { ShapeError } from './errors.ts';
import { sizeOf, stridesOf } from '../../kernels/common/shape.mjs';

export type Shape = readonly number[];

// Element counts and row-major strides have one home shared with kernels, data and the scripts.
export { sizeOf, stridesOf };

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The NumPy broadcast of two shapes, or a ShapeError naming both. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        op,
        `shapes [${a.join(', ')}] and [${b.join(', ')}] cannot be broadcast together (dimension ${i}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Element strides that read a tensor of `inShape` as if it had `outShape` (0 on broadcast dims). */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const s = stridesOf(inShape);
  const off = outShape.length - inShape.length;
  return outShape.map((_, d) => (d < off || inShape[d - off] === 1 ? 0 : s[d - off]));
}

/** Normalises possibly negative axes, checks range and duplicates, and sorts them. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  const list = axes === undefined ? [...Array(rank).keys()] : typeof axes === 'number' ? [axes] : [...axes];
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= rank)
      throw new ShapeError(op, `axis ${a} is out of range for a tensor of rank ${rank}`);
    return a < 0 ? a + rank : a;
  });
  if (new Set(out).size !== out.length) throw new ShapeError(op, `axes [${list.join(', ')}] repeat an axis`);
  return out.sort((x, y) => x - y);
}

/**
 * Merges neighbouring dims that are laid out contiguously in every stride vector, and drops
 * size-1 dims, so elementwise kernels index with as few dims as possible
 * (same-shape inputs collapse to rank 1).
 */
export function collapseDims(
  shape: Shape,
  strides: readonly (readonly number[])[],
): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[d] * shape[d])) {
      outShape[last] *= shape[d];
      strides.forEach((s, k) => (outStrides[k][last] = s[d]));
    } else {
      outShape.push(shape[d]);
      strides.forEach((s, k) => outStrides[k].push(s[d]));
    }
  }
  if (outShape.length === 0) return { shape: [1], strides: strides.map(() => [1]) };
  return { shape: outShape, strides: outStrides };
}

/** Checks a shape is a list of non-negative integers. */
export function assertShape(op: string, shape: Shape): void {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(op, `[${String(shape)}] is not a valid shape (dims must be non-negative integers)`);
  }
}
