// Spec of the broadcasting where/select kernel.
import body from './where.wgsl?raw';
import strided from '../common/strided.wgsl?raw';
import { packDims, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { sizeOf } from '../common/shape.mjs';

const WG = 256;
const code = `${strided}\n${body}`;

/** out[shape] = cond ? a : b, each input read through its element strides over `shape`. */
export function whereProgram(
  shape: readonly number[],
  cStrides: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
): KernelProgram {
  const size = sizeOf(shape);
  return {
    label: `where[${shape.join('x')}]`,
    code,
    entryPoint: 'where_select',
    constants: { WG },
    uniforms: new Uint32Array([
      size,
      shape.length,
      0,
      0,
      ...packDims(shape),
      ...packDims(cStrides),
      ...packDims(aStrides),
      ...packDims(bStrides),
    ]),
    inputCount: 3,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}
