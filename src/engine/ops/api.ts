// The public op functions: thin, typed wrappers that normalise arguments and call runOp.
// Composite ops (variance, softmax-free helpers, sumTo) are written here from table ops, so autograd flows through
// them.
import type { Tensor } from '../tensor.ts';
import type { MatmulActivation } from '../../../kernels/matmul/matmul.ts';
import { ShapeError } from '../errors.ts';
import { normalizeAxes, shapesEqual, sizeOf, type Shape } from '../shape.ts';
import { runOp } from './run.ts';

type Operand = Tensor | number;

/** Turns a JS number into a scalar tensor on the other operand's engine. */
function lift(a: Operand, like: Tensor): Tensor {
  return typeof a === 'number' ? like.engine.full([], a) : a;
}
function pair(a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number')
    throw new ShapeError('binary op', 'at least one operand must be a tensor');
  const like = (typeof a === 'number' ? b : a) as Tensor;
  return [lift(a, like), lift(b, like)];
}

// ── unary ──────────────────────────────────────────────────────────────────────
const none = { alpha: 0 };
export const neg = (x: Tensor) => runOp('neg', [x], none);
export const abs = (x: Tensor) => runOp('abs', [x], none);
export const exp = (x: Tensor) => runOp('exp', [x], none);
export const log = (x: Tensor) => runOp('log', [x], none);
export const sqrt = (x: Tensor) => runOp('sqrt', [x], none);
export const rsqrt = (x: Tensor) => runOp('rsqrt', [x], none);
export const square = (x: Tensor) => runOp('square', [x], none);
export const relu = (x: Tensor) => runOp('relu', [x], none);
export const leakyRelu = (x: Tensor, alpha = 0.01) => runOp('leakyRelu', [x], { alpha });
/** GELU, tanh approximation (Hendrycks & Gimpel 2016) unless `exact` asks for the erf form. */
export const gelu = (x: Tensor, exact = false) => runOp(exact ? 'geluErf' : 'geluTanh', [x], none);
export const sigmoid = (x: Tensor) => runOp('sigmoid', [x], none);
export const tanh = (x: Tensor) => runOp('tanh', [x], none);
export const softplus = (x: Tensor) => runOp('softplus', [x], none);
/** max(0, min(1, alpha·x + beta)); the defaults are ONNX HardSigmoid's (Keras uses alpha 0.2, beta 0.5 too). */
export function hardSigmoid(x: Tensor, alpha = 0.2, beta = 0.5): Tensor {
  if (!Number.isFinite(alpha) || !Number.isFinite(beta))
    throw new ShapeError('hardSigmoid', `alpha and beta must be finite numbers, got alpha ${alpha} and beta ${beta}`);
  return runOp('hardSigmoid', [x], { alpha, beta });
}
/** x · max(0, min(1, x/6 + 1/2)) (MobileNetV3's h-swish, ONNX HardSwish). */
export const hardSwish = (x: Tensor) => runOp('hardSwish', [x], none);
/** The error function (relative error about 1e-7 near 0, absolute 1.5e-7 elsewhere). */
export const erf = (x: Tensor) => runOp('erf', [x], none);

// ── binary (NumPy broadcasting; numbers become scalars) ───────────────────────
const no = {} as Record<string, never>;
export const add = (a: Operand, b: Operand) => runOp('add', pair(a, b), no);
export const sub = (a: Operand, b: Operand) => runOp('sub', pair(a, b), no);
export const mul = (a: Operand, b: Operand) => runOp('mul', pair(a, b), no);
export const div = (a: Operand, b: Operand) => runOp('div', pair(a, b), no);
export const pow = (a: Operand, b: Operand) => runOp('pow', pair(a, b), no);
export const maximum = (a: Operand, b: Operand) => runOp('maximum', pair(a, b), no);
export const minimum = (a: Operand, b: Operand) => runOp('minimum', pair(a, b), no);
export const equal = (a: Operand, b: Operand) => runOp('equal', pair(a, b), no);
export const notEqual = (a: Operand, b: Operand) => runOp('notEqual', pair(a, b), no);
export const less = (a: Operand, b: Operand) => runOp('less', pair(a, b), no);
export const lessEqual = (a: Operand, b: Operand) => runOp('lessEqual', pair(a, b), no);
export const greater = (a: Operand, b: Operand) => runOp('greater', pair(a, b), no);
export const greaterEqual = (a: Operand, b: Operand) => runOp('greaterEqual', pair(a, b), no);

/** cond ? a : b elementwise, all three broadcast together. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  return runOp('where', [cond, lift(a, cond), lift(b, cond)], no);
}

// ── reductions ────────────────────────────────────────────────────────────────
type Axes = number | readonly number[] | undefined;
const red = (op: string, x: Tensor, axes: Axes, keepDims: boolean) => ({
  axes: normalizeAxes(op, axes, x.rank),
  keepDims,
});
export const sum = (x: Tensor, axes?: Axes, keepDims = false) => runOp('sum', [x], red('sum', x, axes, keepDims));
export const mean = (x: Tensor, axes?: Axes, keepDims = false) => runOp('mean', [x], red('mean', x, axes, keepDims));
export const max = (x: Tensor, axes?: Axes, keepDims = false) => runOp('max', [x], red('max', x, axes, keepDims));
export const min = (x: Tensor, axes?: Axes, keepDims = false) => runOp('min', [x], red('min', x, axes, keepDims));
/** Index of the first maximum along `axis` (i32). */
export const argmax = (x: Tensor, axis = -1, keepDims = false) =>
  runOp('argmax', [x], { axis: normalizeAxes('argmax', axis, x.rank)[0], keepDims });

/** Population variance (divides by n) over `axes`. */
export function variance(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  const m = mean(x, axes, true);
  return mean(square(sub(x, m)), axes, keepDims);
}

// ── shape ─────────────────────────────────────────────────────────────────────
/** Same data, new shape; one dim may be -1 (inferred). Shares storage. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const known = shape.filter((d) => d !== -1);
  const holes = shape.length - known.length;
  if (holes > 1) throw new ShapeError('reshape', `only one dimension may be -1, got [${shape.join(', ')}]`);
  const full = holes === 1 ? shape.map((d) => (d === -1 ? x.size / Math.max(1, sizeOf(known)) : d)) : [...shape];
  if (full.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(full) !== x.size) {
    throw new ShapeError(
      'reshape',
      `cannot reshape [${x.shape.join(', ')}] (${x.size} elements) to [${shape.join(', ')}]`,
    );
  }
  return runOp('reshape', [x], { shape: full });
}

/** Reorders axes; `perm` defaults to reversing them. */
export function permute(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ? perm.map((a) => (a < 0 ? a + x.rank : a)) : [...Array(x.rank).keys()].reverse();
  if (p.length !== x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new ShapeError(
      'permute',
      `[${perm?.join(', ')}] is not a permutation of the ${x.rank} axes of [${x.shape.join(', ')}]`,
    );
  }
  return runOp('permute', [x], { perm: p });
}

/** Swaps the last two axes (the matmul-friendly transpose). */
export const transpose = (x: Tensor) =>
  permute(
    x,
    [...Array(x.rank).keys()].map((i) => (i === x.rank - 2 ? x.rank - 1 : i === x.rank - 1 ? x.rank - 2 : i)),
  );

/** x[begin : begin + size] per axis; a size of -1 runs to the end. */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  if (begin.length !== x.rank || (size && size.length !== x.rank))
    throw new ShapeError('slice', `begin/size need ${x.rank} entries for shape [${x.shape.join(', ')}]`);
  const b = begin.map((v, d) => (v < 0 ? v + x.shape[d] : v));
  const s = b.map((v, d) => (size?.[d] === undefined || size[d] === -1 ? x.shape[d] - v : size[d]));
  b.forEach((v, d) => {
    if (v < 0 || s[d] < 0 || v + s[d] > x.shape[d])
      throw new ShapeError('slice', `begin ${v} size ${s[d]} is outside dimension ${d} of [${x.shape.join(', ')}]`);
  });
  return runOp('slice', [x], { begin: b, size: s });
}

/** Joins tensors along an axis; all other dims must match. */
export function concat(xs: readonly Tensor[], axis = 0): Tensor {
  if (xs.length === 0) throw new ShapeError('concat', 'needs at least one tensor');
  const ax = normalizeAxes('concat', axis, xs[0].rank)[0];
  for (const t of xs) {
    if (t.rank !== xs[0].rank || t.shape.some((d, i) => i !== ax && d !== xs[0].shape[i]) || t.dtype !== xs[0].dtype) {
      throw new ShapeError(
        'concat',
        `shapes ${xs.map((u) => `[${u.shape.join(', ')}]`).join(', ')} differ outside axis ${ax}`,
      );
    }
  }
  return runOp('concat', xs, { axis: ax });
}

/** Pads each axis by [before, after] with a constant. */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[], value = 0): Tensor {
  if (
    paddings.length !== x.rank ||
    paddings.some(([a, b]) => !(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0))
  ) {
    throw new ShapeError(
      'pad',
      `paddings need ${x.rank} pairs of non-negative integers for shape [${x.shape.join(', ')}]`,
    );
  }
  return runOp('pad', [x], { paddings: paddings.map(([a, b]) => [a, b] as [number, number]), value });
}

/** Materialises NumPy broadcasting to `shape`. */
export function broadcastTo(x: Tensor, shape: Shape): Tensor {
  const got = [...shape];
  if (got.length < x.rank || x.shape.some((d, i) => d !== 1 && d !== got[got.length - x.rank + i])) {
    throw new ShapeError('broadcastTo', `cannot broadcast [${x.shape.join(', ')}] to [${shape.join(', ')}]`);
  }
  return runOp('broadcastTo', [x], { shape: got });
}

/** Picks entries of `x` along `axis` by integer indices (any shape); output dims = x[:axis] + indices + x[axis+1:]. */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  return runOp('gather', [x, indices], { axis: normalizeAxes('gather', axis, x.rank)[0] });
}

/** Sums `x` down to `shape` (the reverse of broadcasting); used by gradient rules. */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = x.rank - shape.length;
  const axes: number[] = [];
  for (let d = 0; d < x.rank; d++) if (d < lead || (shape[d - lead] === 1 && x.shape[d] !== 1)) axes.push(d);
  return reshape(axes.length ? sum(x, axes, true) : x, shape);
}

// ── matmul ────────────────────────────────────────────────────────────────────
export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
  /** Added to every row (shape [N]), fused into the kernel. */
  bias?: Tensor;
  /** Applied after the bias, fused into the kernel. */
  activation?: MatmulActivation;
}

/** Batched op(A)·op(B) [+ bias] [→ activation] with broadcast batch dims; transposes are never materialised. */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const inputs = opts.bias ? [a, b, opts.bias] : [a, b];
  return runOp('matmul', inputs, {
    transA: opts.transA ?? false,
    transB: opts.transB ?? false,
    activation: opts.activation ?? 'none',
  });
}
export * from './api-nn.ts';
