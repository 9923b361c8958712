// Types of the op table: every op's attributes, and the forward/backward pair each op must define.
import type { Tensor } from '../tensor.ts';
import type { Engine } from '../engine.ts';
import type { UnaryOp } from '../../../kernels/unary/unary.ts';
import type { BinaryOp } from '../../../kernels/binary/binary.ts';
import type { MatmulActivation } from '../../../kernels/matmul/matmul.ts';

type UnaryAttrs = { [K in UnaryOp]: { alpha: number } };
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
}

export type OpName = keyof OpAttrs;

/** One op: forward builds the output from its inputs; backward maps the output gradient to one gradient per input (null = none). */
export interface OpDef<K extends OpName> {
  forward(e: Engine, inputs: readonly Tensor[], attrs: OpAttrs[K]): Tensor;
  backward(dy: Tensor, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs[K]): (Tensor | null)[];
}

export type OpTable<K extends OpName> = { [P in K]: OpDef<P> };
