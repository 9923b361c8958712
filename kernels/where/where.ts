// Spec of the broadcasting where/select kernel.
import body from './where.wgsl?raw';
import strided from '../common/strided.wgsl?raw';
import { wgsl, packDims, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { sizeOf } from '../common/shape.mjs';
import { singlePass } from '../common/kernel.ts';
import { whereRef } from './where.ref.ts';

const WG = 256;
const source = wgsl('where', strided, body);

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
    source,
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

/** Parameters of `where`: the output shape and the strides of the condition and both branches. */
export interface WhereParams {
  shape: readonly number[];
  condStrides: readonly number[];
  aStrides: readonly number[];
  bStrides: readonly number[];
}

/** out = cond ? a : b with broadcasting; inputs (cond, a, b). */
export const whereKernel = singlePass<WhereParams, ['req', 'req', 'req']>(
  'where',
  (p) => whereProgram(p.shape, p.condStrides, p.aStrides, p.bStrides),
  ([c, a, b], p) => [whereRef(p.shape, c, p.condStrides, a, p.aStrides, b, p.bStrides)],
);
