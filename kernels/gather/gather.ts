// Spec of the gather kernel and its deterministic scatter-add backward.
import src from './gather.wgsl?raw';
import { wgsl, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { gatherBackwardRef, gatherRef } from './gather.ref.ts';

const source = wgsl('gather', src);

const WG = 256;

/** x viewed as [outer, axisLen, inner], nIdx indices along the middle axis. */
export interface GatherDims {
  outer: number;
  axisLen: number;
  inner: number;
  nIdx: number;
  /** What an out-of-range index reads: NaN (f32, the default) or 0 (integer tables). */
  fill?: 'nan' | 'zero';
}

const NAN_BITS = 0x7fc00000;

/** out[o, j, i] = x[o, idx[j], i]; inputs (x, idx). */
export function gatherProgram(d: GatherDims): KernelProgram {
  const size = d.outer * d.nIdx * d.inner;
  return {
    label: `gather[${d.outer}x${d.axisLen}x${d.inner}; ${d.nIdx}]`,
    source,
    entryPoint: 'gather_forward',
    constants: { WG },
    uniforms: new Uint32Array([d.outer, d.axisLen, d.inner, d.nIdx, d.fill === 'zero' ? 0 : NAN_BITS, 0, 0, 0]),
    inputCount: 2,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

/** dx[o, r, i] = Σ_{j: idx[j] = r} dy[o, j, i]; inputs (dy, idx). */
export function gatherBackwardProgram(d: GatherDims): KernelProgram {
  const size = d.outer * d.axisLen * d.inner;
  return {
    ...gatherProgram(d),
    label: `gather.backward[${d.outer}x${d.axisLen}x${d.inner}; ${d.nIdx}]`,
    entryPoint: 'gather_backward',
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

/** Rows of x picked by the indices along one axis; inputs (x, idx). */
export const gatherKernel = singlePass<GatherDims, ['req', 'req']>('gather', gatherProgram, ([x, idx], d) => [
  gatherRef(x, idx, d, d.fill === 'zero' ? 0 : NaN),
]);

/** The gradient of gather: dy summed into the rows it was picked from; inputs (dy, idx). */
export const gatherBackwardKernel = singlePass<GatherDims, ['req', 'req']>(
  'gather.backward',
  gatherBackwardProgram,
  ([dy, idx], d) => [gatherBackwardRef(dy, idx, d)],
);
