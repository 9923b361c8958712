// Spec of the unary kernel: the op list (shared with the reference) and how to build a dispatch for it.
import src from './unary.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, f32Bits, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { unaryBackwardRef, unaryRef } from './unary.ref.ts';

const source = wgsl('unary', ieee, src);

/** Unary ops in the order of the `OP` switch in unary.wgsl. */
export const UNARY_OPS = [
  'neg',
  'abs',
  'exp',
  'log',
  'sqrt',
  'rsqrt',
  'square',
  'relu',
  'leakyRelu',
  'geluTanh',
  'geluErf',
  'sigmoid',
  'tanh',
  'softplus',
  'hardSigmoid',
  'hardSwish',
  'erf',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

const WG = 256;

/** y = f(x) for `size` elements. */
export function unaryProgram(op: UnaryOp, size: number, alpha = 0, beta = 0): KernelProgram {
  return {
    label: `unary.${op}[${size}]`,
    source,
    entryPoint: 'unary_forward',
    constants: { OP: UNARY_OPS.indexOf(op), WG },
    uniforms: new Uint32Array([size, f32Bits(alpha), f32Bits(beta), 0]),
    inputCount: 1,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

/** dx = dy * f'(x) for `size` elements; inputs are (x, dy). */
export function unaryBackwardProgram(op: UnaryOp, size: number, alpha = 0, beta = 0): KernelProgram {
  return {
    ...unaryProgram(op, size, alpha, beta),
    label: `unary.${op}.backward[${size}]`,
    entryPoint: 'unary_backward',
    inputCount: 2,
  };
}

/**
 * Parameters of the unary kernels: the op, the element count, alpha (leaky ReLU's slope, hard sigmoid's slope)
 * and beta (hard sigmoid's offset; 0 for the others).
 */
export interface UnaryParams {
  op: UnaryOp;
  size: number;
  alpha: number;
  beta?: number;
}

/** y = f(x). */
export const unaryKernel = singlePass<UnaryParams, ['req']>(
  'unary',
  (p) => unaryProgram(p.op, p.size, p.alpha, p.beta),
  ([x], p) => [unaryRef(p.op, x.subarray(0, p.size), p.alpha, p.beta)],
);

/** dx = dy · f'(x); inputs (x, dy). */
export const unaryBackwardKernel = singlePass<UnaryParams, ['req', 'req']>(
  'unary.backward',
  (p) => unaryBackwardProgram(p.op, p.size, p.alpha, p.beta),
  ([x, dy], p) => [unaryBackwardRef(p.op, x.subarray(0, p.size), dy, p.alpha, p.beta)],
);
