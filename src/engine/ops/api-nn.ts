// Public op functions for deep models: convolution, pooling, softmax, normalisation, dropout,
// attention and losses. Argument normalisation (padding modes, reductions) happens here.
import type { Tensor } from '../tensor.ts';
import type { DType } from '../backend.ts';
import type { MatmulActivation } from '../../../kernels/matmul/matmul.ts';
import { samePadding } from '../../../kernels/conv2d/conv2d.ts';
import {
  COORDINATE_TRANSFORMS,
  NEAREST_MODES,
  RESIZE_MODES,
  type CoordinateTransform,
  type NearestMode,
  type ResizeMode,
} from '../../../kernels/resize2d/resize2d.ts';
import { IndexRangeError, ShapeError } from '../errors.ts';
import { runOp } from './run.ts';
import type { Padding4 } from './types.ts';
import {
  add,
  div,
  gather,
  matmul,
  maximum,
  mean,
  mul,
  notEqual,
  reshape,
  rsqrt,
  slice,
  square,
  sub,
  sum,
  variance,
  where,
} from './api.ts';

type Pair = number | readonly [number, number];
const pair = (v: Pair | undefined, d: number): [number, number] =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : [v[0], v[1]];

/**
 * 'valid' (no padding), 'same' (TensorFlow's rule: output = ceil(input / stride)), one number for all sides, or [top,
 * bottom, left, right].
 */
export type PaddingSpec = 'valid' | 'same' | number | readonly [number, number, number, number];

function resolvePadding(
  op: string,
  p: PaddingSpec | undefined,
  h: number,
  w: number,
  k: [number, number],
  s: [number, number],
  d: [number, number],
): Padding4 {
  if (p === undefined || p === 'valid') return [0, 0, 0, 0];
  if (p === 'same') return [...samePadding(h, k[0], s[0], d[0]), ...samePadding(w, k[1], s[1], d[1])] as Padding4;
  const four = typeof p === 'number' ? [p, p, p, p] : [...p];
  if (four.length !== 4 || four.some((v) => !Number.isInteger(v) || v < 0))
    throw new ShapeError(op, `padding must be 'valid', 'same', a non-negative integer or [top, bottom, left, right]`);
  return four as Padding4;
}

function positive(op: string, what: string, v: [number, number]): [number, number] {
  if (v.some((x) => !Number.isInteger(x) || x < 1))
    throw new ShapeError(op, `${what} must be positive integers, got [${v.join(', ')}]`);
  return v;
}

export interface Conv2dOptions {
  strides?: Pair;
  padding?: PaddingSpec;
  dilations?: Pair;
  groups?: number;
  bias?: Tensor;
  activation?: MatmulActivation;
}

/** 2-D convolution of NHWC `x` with an HWIO filter `w` ([KH, KW, Cin/groups, Cout]); bias and activation are fused. */
export function conv2d(x: Tensor, w: Tensor, o: Conv2dOptions = {}): Tensor {
  const strides = positive('conv2d', 'strides', pair(o.strides, 1));
  const dilations = positive('conv2d', 'dilations', pair(o.dilations, 1));
  if (x.rank !== 4 || w.rank !== 4)
    throw new ShapeError(
      'conv2d',
      `expects a 4-D NHWC input and a 4-D HWIO filter, got [${x.shape.join(', ')}] and [${w.shape.join(', ')}]`,
    );
  const pad = resolvePadding('conv2d', o.padding, x.shape[1], x.shape[2], [w.shape[0], w.shape[1]], strides, dilations);
  const inputs = o.bias ? [x, w, o.bias] : [x, w];
  return runOp('conv2d', inputs, {
    strides,
    dilations,
    pad,
    groups: o.groups ?? 1,
    activation: o.activation ?? 'none',
  });
}

export interface ConvTranspose2dOptions {
  strides?: Pair;
  /** 'valid' (none), one number for all sides, or [top, bottom, left, right] cropped from the full output. */
  padding?: 'valid' | number | readonly [number, number, number, number];
  dilations?: Pair;
  /** Rows and columns added at the bottom and right of the output (ONNX `output_padding`); default 0. */
  outputPadding?: Pair;
  groups?: number;
  /** Per output channel, shape [Cout], fused into the kernel. */
  bias?: Tensor;
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input, as a layer) of NHWC `x`
 * [N, H, W, Cin] with a filter `w` [KH, KW, Cout/groups, Cin] (TensorFlow's conv2dTranspose layout; an ONNX
 * ConvTranspose weight [Cin, Cout/groups, KH, KW] becomes it by permute(w, [2, 3, 1, 0])). The output is
 * [N, OH, OW, Cout] with OH = stride·(H − 1) + outputPadding + dilation·(KH − 1) + 1 − padTop − padBottom.
 */
export function convTranspose2d(x: Tensor, w: Tensor, o: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  const strides = positive(op, 'strides', pair(o.strides, 1));
  const dilations = positive(op, 'dilations', pair(o.dilations, 1));
  const outputPadding = pair(o.outputPadding, 0);
  if (outputPadding.some((v) => !Number.isInteger(v) || v < 0))
    throw new ShapeError(op, `outputPadding must be non-negative integers, got [${outputPadding.join(', ')}]`);
  if (typeof o.padding === 'string' && o.padding !== 'valid')
    throw new ShapeError(op, `padding must be 'valid', a number or [top, bottom, left, right], got '${o.padding}'`);
  const pad = resolvePadding(op, o.padding, 0, 0, [1, 1], strides, dilations);
  const inputs = o.bias ? [x, w, o.bias] : [x, w];
  return runOp(op, inputs, { strides, dilations, pad, outputPadding, groups: o.groups ?? 1 });
}

export interface Pool2dOptions {
  /** Window size; strides default to it. */
  size: Pair;
  strides?: Pair;
  padding?: PaddingSpec;
  /** Spacing of the window's taps (ONNX `dilations`); default 1. */
  dilations?: Pair;
  /** Round the output size up, adding a last partial window (ONNX `ceil_mode`); default false. */
  ceilMode?: boolean;
  /** Average pooling only: count padded positions in the divisor (ONNX `count_include_pad`); default false. */
  countIncludePad?: boolean;
}

function poolAttrs(op: string, x: Tensor, o: Pool2dOptions) {
  if (x.rank !== 4) throw new ShapeError(op, `expects a 4-D NHWC input, got [${x.shape.join(', ')}]`);
  const kernel = positive(op, 'window size', pair(o.size, 1));
  const strides = positive(op, 'strides', pair(o.strides ?? o.size, 1));
  const dilations = positive(op, 'dilations', pair(o.dilations, 1));
  return {
    kernel,
    strides,
    dilations,
    pad: resolvePadding(op, o.padding, x.shape[1], x.shape[2], kernel, strides, dilations),
    ceilMode: o.ceilMode ?? false,
    countIncludePad: o.countIncludePad ?? false,
  };
}

/** Max pooling over NHWC windows (padding never wins). */
export const maxPool2d = (x: Tensor, o: Pool2dOptions) => runOp('maxPool2d', [x], poolAttrs('maxPool2d', x, o));
/** Average pooling over NHWC windows (padding excluded from the count unless `countIncludePad`). */
export const avgPool2d = (x: Tensor, o: Pool2dOptions) => runOp('avgPool2d', [x], poolAttrs('avgPool2d', x, o));
/** Mean over height and width: [N, H, W, C] → [N, C]. */
export const globalAvgPool2d = (x: Tensor) => mean(x, [1, 2]);

export interface Resize2dOptions {
  /** 'nearest' (default) or 'bilinear' (ONNX's 'linear'). */
  mode?: ResizeMode;
  /**
   * ONNX coordinate_transformation_mode. Default: 'asymmetric' for nearest, 'half_pixel' for bilinear (ONNX's own
   * default is 'half_pixel' for both: an importer passes it explicitly).
   */
  coordinateTransform?: CoordinateTransform;
  /** ONNX nearest_mode. Default 'floor' (ONNX's default is 'round_prefer_floor': an importer passes it). */
  nearestMode?: NearestMode;
}

function oneOf<T extends string>(what: string, v: T | undefined, allowed: readonly T[], d: T): T {
  if (v === undefined) return d;
  if (!allowed.includes(v))
    throw new ShapeError('resize2d', `${what} must be one of ${allowed.join(', ')}; got '${String(v)}'`);
  return v;
}

/**
 * Resizes an NHWC batch to `size` [height, width], or by `{ scales: [sy, sx] }` (ONNX Resize's scales: the output
 * is floor(in · scale) and the coordinate transform uses the scale itself). With the defaults, 'nearest' repeats
 * pixels (source floor(o · in / out), as PyTorch's `nearest` and Keras' UpSampling2D) and 'bilinear' interpolates
 * with half-pixel centres (PyTorch align_corners=False); `coordinateTransform` and `nearestMode` give ONNX's other
 * modes. Either may shrink as well as grow.
 */
export function resize2d(
  x: Tensor,
  size: readonly [number, number] | { scales: readonly [number, number] },
  o: Resize2dOptions = {},
): Tensor {
  if (x.rank !== 4) throw new ShapeError('resize2d', `expects a 4-D NHWC input, got [${x.shape.join(', ')}]`);
  const mode = oneOf('mode', o.mode, RESIZE_MODES, 'nearest');
  const coordinateTransform = oneOf(
    'coordinateTransform',
    o.coordinateTransform,
    COORDINATE_TRANSFORMS,
    mode === 'nearest' ? 'asymmetric' : 'half_pixel',
  );
  const nearestMode = oneOf('nearestMode', o.nearestMode, NEAREST_MODES, 'floor');
  let scales: [number, number] | null = null;
  let out: [number, number];
  if ('scales' in size) {
    const s = size.scales;
    if (s.length !== 2 || s.some((v) => !(v > 0) || !Number.isFinite(v)))
      throw new ShapeError('resize2d', `scales must be two positive numbers [sy, sx], got [${s.join(', ')}]`);
    scales = [s[0], s[1]];
    out = [Math.floor(x.shape[1] * s[0]), Math.floor(x.shape[2] * s[1])];
    if (out[0] < 1 || out[1] < 1)
      throw new ShapeError(
        'resize2d',
        `scales [${s.join(', ')}] shrink ${x.shape[1]}x${x.shape[2]} to ${out[0]}x${out[1]}: nothing would remain`,
      );
  } else {
    out = [size[0], size[1]];
  }
  return runOp('resize2d', [x], { size: out, mode, coordinateTransform, nearestMode, scales });
}

/** Softmax along the last axis. */
export const softmax = (x: Tensor) => runOp('softmax', [x], {});
/** Log-softmax along the last axis. */
export const logSoftmax = (x: Tensor) => runOp('logSoftmax', [x], {});

/** Layer normalisation over the last axis with learned scale and shift. */
export const layerNorm = (x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5) =>
  runOp('layerNorm', [x, gamma, beta], { eps });

/** Inverted dropout with drop probability p; the same seed gives the same mask. Identity when p = 0. */
export function dropout(x: Tensor, p: number, seed: number): Tensor {
  if (!(p >= 0 && p < 1)) throw new ShapeError('dropout', `probability must be in [0, 1), got ${p}`);
  return runOp('dropout', [x], { p, seed });
}

/**
 * Embedding lookup: rows of `table` [V, D] picked by i32 `ids` of any shape → [...ids, D]. Its gradient is
 * a deterministic scatter-add (fixed summation order, no atomics): the same ids give bit-identical gradients.
 */
export function embedding(table: Tensor, ids: Tensor): Tensor {
  if (table.rank !== 2)
    throw new ShapeError('embedding', `table must be [vocabulary, dimension], got [${table.shape.join(', ')}]`);
  // Token ids are never negative (gather's count-from-the-end rule would hide a bug): refuse any the engine knows.
  const range = ids.engine.knownRange(ids);
  const v = table.shape[0];
  if (range && (range.min < 0 || range.max >= v))
    throw new IndexRangeError(
      'embedding',
      range.min < 0 ? range.min : range.max,
      `is not a token id of this vocabulary (${v} tokens: ids 0 to ${v - 1}). Check that the data and the model's vocabulary size agree.`,
    );
  return gather(table, ids, 0);
}

/** Changes the dtype (i32/u32 → f32, f32 → i32 truncating). */
export const cast = (x: Tensor, dtype: DType) => runOp('cast', [x], { dtype });

export interface AttentionOptions {
  causal?: boolean;
  /** i32 [B]: keys at or beyond lens[b] are masked (padding). */
  lens?: Tensor;
  /** Multiplies q·k; 1/sqrt(headSize) by default. */
  scale?: number;
}

/** Fused multi-head attention: q, k, v are [B, H, T, D]; returns [B, H, T, D]. */
export function attention(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions = {}): Tensor {
  const scale = o.scale ?? 1 / Math.sqrt(q.shape[q.rank - 1]);
  return runOp('attention', o.lens ? [q, k, v, o.lens] : [q, k, v], { causal: o.causal ?? false, scale });
}

/**
 * The attention probabilities [T, T] of one (batch, head), for visualisation: the explicit, slow path
 * that materialises the score matrix (the fused op never does). Masked entries are 0.
 */
export function attentionWeights(
  q: Tensor,
  k: Tensor,
  o: AttentionOptions & { batch: number; head: number; keyLength?: number },
): Tensor {
  const [, , t, d] = q.shape;
  const qs = reshape(slice(q, [o.batch, o.head, 0, 0], [1, 1, t, d]), [t, d]);
  const ks = reshape(slice(k, [o.batch, o.head, 0, 0], [1, 1, t, d]), [t, d]);
  const scores = mul(matmul(qs, ks, { transB: true }), o.scale ?? 1 / Math.sqrt(d));
  const e = q.engine;
  const allowed = new Float32Array(t * t);
  const keys = o.keyLength ?? t;
  for (let i = 0; i < t; i++)
    for (let j = 0; j < t; j++) allowed[i * t + j] = (!o.causal || j <= i) && j < keys ? 1 : 0;
  const mask = e.tensor(allowed, [t, t]);
  const probs = softmax(where(mask, scores, -1e30));
  return mul(probs, mask);
}

export interface LossOptions {
  /** 'mean' (default) over counted rows, 'sum', or 'none' (per-row losses). */
  reduction?: 'mean' | 'sum' | 'none';
}

/**
 * Softmax cross-entropy of logits [..., C] against i32 labels [...]. Rows labelled `ignoreIndex` count
 * neither in the loss nor in the mean; `smoothing` spreads ε of the target over all classes.
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  labels: Tensor,
  o: LossOptions & { smoothing?: number; ignoreIndex?: number } = {},
): Tensor {
  const smoothing = o.smoothing ?? 0;
  if (!(smoothing >= 0 && smoothing < 1))
    throw new ShapeError('softmaxCrossEntropy', `label smoothing must be in [0, 1), got ${smoothing}`);
  const ignoreIndex = o.ignoreIndex ?? -100;
  const perRow = runOp('softmaxCrossEntropy', [logits, labels], { smoothing, ignoreIndex });
  if (o.reduction === 'none') return perRow;
  const total = sum(perRow);
  if (o.reduction === 'sum') return total;
  const counted = sum(notEqual(cast(labels, 'f32'), ignoreIndex));
  return div(total, maximum(counted, 1));
}

function reduce(x: Tensor, r: LossOptions['reduction']): Tensor {
  return r === 'none' ? x : r === 'sum' ? sum(x) : mean(x);
}

/** Mean squared error. */
export const mse = (pred: Tensor, target: Tensor, o: LossOptions = {}) =>
  reduce(square(sub(pred, target)), o.reduction);

/** Binary cross-entropy on logits, stable for any magnitude. */
export const bceWithLogits = (logits: Tensor, targets: Tensor, o: LossOptions = {}) =>
  reduce(runOp('bceWithLogits', [logits, targets], {}), o.reduction);

/** Running statistics of a batch-norm layer, owned by the layer (updated in place while training). */
export interface BatchNormState {
  mean: Tensor;
  variance: Tensor;
}

/**
 * Batch normalisation over every axis but the last (channels-last). Training uses the batch's
 * statistics and updates `state` in place (running = (1 − momentum)·running + momentum·batch, with the
 * unbiased variance); inference uses `state`.
 */
export function batchNorm(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  state: BatchNormState,
  o: { training: boolean; momentum?: number; eps?: number },
): Tensor {
  const eps = o.eps ?? 1e-5;
  const axes = [...Array(x.rank - 1).keys()];
  if (!o.training) return add(mul(mul(sub(x, state.mean), rsqrt(add(state.variance, eps))), gamma), beta);
  const m = mean(x, axes);
  const v = variance(x, axes);
  const y = add(mul(mul(sub(x, m), rsqrt(add(v, eps))), gamma), beta);
  const e = x.engine;
  const momentum = o.momentum ?? 0.1;
  const n = x.size / x.shape[x.rank - 1];
  e.noGrad(() =>
    e.scope(() => {
      e.assign(state.mean, add(mul(state.mean, 1 - momentum), mul(m, momentum)));
      e.assign(state.variance, add(mul(state.variance, 1 - momentum), mul(v, (momentum * n) / Math.max(1, n - 1))));
    }),
  );
  return y;
}

/**
 * One fused LSTM step. xt and hr are the gate pre-activations [B, 4U] (gates i, f, g, o) from the input and
 * from h·R; state is [B, 2U], h then c. Returns the next state in the same layout.
 */
export const lstmCell = (xt: Tensor, hr: Tensor, state: Tensor) => runOp('lstmCell', [xt, hr, state], {});

/** One fused GRU step (reset after the recurrent matmul). xt and hr are [B, 3U] (gates z, r, n); returns h' [B, U]. */
export const gruCell = (xt: Tensor, hr: Tensor, h: Tensor) => runOp('gruCell', [xt, hr, h], {});
