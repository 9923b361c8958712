// Spec of the broadcasting binary kernel: op list, uniform layout, dispatch size.
import body from './binary.wgsl?raw';
import strided from '../common/strided.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, packDims, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { sizeOf } from '../common/shape.mjs';
import { singlePass } from '../common/kernel.ts';
import { binaryRef } from './binary.ref.ts';

/** Binary ops in the order of the `OP` switch in binary.wgsl. */
export const BINARY_OPS = [
  'add',
  'sub',
  'mul',
  'div',
  'pow',
  'maximum',
  'minimum',
  'equal',
  'notEqual',
  'less',
  'lessEqual',
  'greater',
  'greaterEqual',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

const WG = 256;
const source = wgsl('binary', strided, ieee, body);

/**
 * out[shape] = a ⊕ b where a and b are read through `aStrides`/`bStrides`
 * (element strides over `shape`, 0 where broadcast).
 */
export function binaryProgram(
  op: BinaryOp,
  shape: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
): KernelProgram {
  const size = sizeOf(shape);
  return {
    label: `binary.${op}[${shape.join('x')}]`,
    source,
    entryPoint: 'binary',
    constants: { OP: BINARY_OPS.indexOf(op), WG },
    uniforms: new Uint32Array([
      size,
      shape.length,
      0,
      0,
      ...packDims(shape),
      ...packDims(aStrides),
      ...packDims(bStrides),
    ]),
    inputCount: 2,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

/** Parameters of a broadcasting binary op: the output shape and each input's element strides (0 = broadcast). */
export interface BinaryParams {
  op: BinaryOp;
  shape: readonly number[];
  aStrides: readonly number[];
  bStrides: readonly number[];
}

/** out = a ⊕ b with broadcasting; inputs (a, b). */
export const binaryKernel = singlePass<BinaryParams, ['req', 'req']>(
  'binary',
  (p) => binaryProgram(p.op, p.shape, p.aStrides, p.bStrides),
  ([a, b], p) => [binaryRef(p.op, a, p.aStrides, b, p.bStrides, p.shape)],
);
