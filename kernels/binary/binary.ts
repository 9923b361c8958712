// Spec of the broadcasting binary kernel: op list, uniform layout, dispatch size.
import body from './binary.wgsl?raw';
import strided from '../common/strided.wgsl?raw';
import { packDims, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { sizeOf } from '../common/shape.mjs';

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
const code = `${strided}\n${body}`;

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
    code,
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
