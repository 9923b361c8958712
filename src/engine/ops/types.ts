// Types of the op table: every op's attributes, and the forward/backward pair each op must define.
import type { Tensor } from '../tensor.ts';
import type { Engine } from '../engine.ts';
import type { UnaryOp } from '../../../kernels/unary/unary.ts';
import type { BinaryOp } from '../../../kernels/binary/binary.ts';
import type { MatmulActivation } from '../../../kernels/matmul/matmul.ts';
import type { CoordinateTransform, NearestMode, ResizeMode } from '../../../kernels/resize2d/resize2d.ts';
import type { DType } from '../backend.ts';

/** alpha: leaky ReLU's and hard sigmoid's slope; beta: hard sigmoid's offset (absent = 0). */
type UnaryAttrs = { [K in UnaryOp]: { alpha: number; beta?: number } };
type BinaryAttrs = { [K in BinaryOp]: Record<string, never> };

export interface ReduceAttrs {
  /** Sorted, non-negative, unique axes. */
  axes: number[];
  keepDims: boolean;
}

/** Attributes of every op; the keys are the op names. */
export interface OpAttrs extends UnaryAttrs, BinaryAttrs {
  where: Record<string, never>;
  sum: ReduceAttrs;
  mean: ReduceAttrs;
  max: ReduceAttrs;
  min: ReduceAttrs;
  argmax: { axis: number; keepDims: boolean };
  reshape: { shape: number[] };
  permute: { perm: number[] };
  slice: { begin: number[]; size: number[] };
  concat: { axis: number };
  pad: { paddings: [number, number][]; value: number };
  broadcastTo: { shape: number[] };
  gather: { axis: number };
  matmul: { transA: boolean; transB: boolean; activation: MatmulActivation };
  cast: { dtype: DType };
  conv2d: ConvAttrs;
  convTranspose2d: ConvTransposeAttrs;
  maxPool2d: PoolAttrs;
  avgPool2d: PoolAttrs;
  /** NHWC resize to [oh, ow]; `scales` (ONNX's) replace oh/h and ow/w in the coordinate transform when given. */
  resize2d: {
    size: [number, number];
    mode: ResizeMode;
    coordinateTransform: CoordinateTransform;
    nearestMode: NearestMode;
    scales: [number, number] | null;
  };
  softmax: Record<string, never>;
  logSoftmax: Record<string, never>;
  layerNorm: { eps: number };
  softmaxCrossEntropy: { smoothing: number; ignoreIndex: number };
  bceWithLogits: Record<string, never>;
  dropout: { p: number; seed: number };
  attention: { causal: boolean; scale: number };
  lstmCell: Record<string, never>;
  gruCell: Record<string, never>;
}

/** Padding resolved to explicit [top, bottom, left, right]. */
export type Padding4 = [number, number, number, number];

export interface ConvAttrs {
  strides: [number, number];
  dilations: [number, number];
  pad: Padding4;
  groups: number;
  activation: MatmulActivation;
}

/** A transposed convolution: `pad` is cropped from the full output, `outputPadding` adds rows/columns after. */
export interface ConvTransposeAttrs {
  strides: [number, number];
  dilations: [number, number];
  pad: Padding4;
  outputPadding: [number, number];
  groups: number;
}

export interface PoolAttrs {
  kernel: [number, number];
  strides: [number, number];
  pad: Padding4;
  /** Spacing of the window's taps (1 = dense). */
  dilations: [number, number];
  /** Output size rounds up (a last, partial window), as ONNX ceil_mode and PyTorch's ceil_mode. */
  ceilMode: boolean;
  /** Average pooling divides by the window's taps inside the padded image, not only the image. */
  countIncludePad: boolean;
}

export type OpName = keyof OpAttrs;

/** What a forward returns: the output, optionally with tensors saved for the backward pass (freed with the tape). */
export type ForwardResult = Tensor | { output: Tensor; saved: Tensor[] };

/**
 * One op: forward builds the output from its inputs (with recording off, so it may compose other ops);
 * backward maps the output gradient to one gradient per input (null = none). `needs[i]` says whether input
 * i wants a gradient at all, so costly rules (matmul, conv) can skip one nobody reads — the gradient of
 * a network's input batch, for instance.
 */
export interface OpDef<K extends OpName> {
  forward(e: Engine, inputs: readonly Tensor[], attrs: OpAttrs[K]): ForwardResult;
  backward(
    dy: Tensor,
    inputs: readonly Tensor[],
    output: Tensor,
    attrs: OpAttrs[K],
    saved: readonly Tensor[],
    needs: readonly boolean[],
  ): (Tensor | null)[];
}

export type OpTable<K extends OpName> = { [P in K]: OpDef<P> };
