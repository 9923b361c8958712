// Spec of the 2-D resize kernel (nearest or bilinear, NHWC) and its gradient: parameters, dispatch, descriptors.
import src from './resize2d.wgsl?raw';
import { spreadWorkgroups, wgsl, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { resize2dBackwardRef, resize2dRef } from './resize2d.ref.ts';

const source = wgsl('resize2d', src);
const WG = 256;

/** Interpolation modes, in the order of the `MODE` override in resize2d.wgsl. */
export const RESIZE_MODES = ['nearest', 'bilinear'] as const;
export type ResizeMode = (typeof RESIZE_MODES)[number];

/** An NHWC input [n, h, w, c] resized to [n, oh, ow, c]. */
export interface Resize2dParams {
  n: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  mode: ResizeMode;
}

function program(p: Resize2dParams, backward: boolean): KernelProgram {
  const size = backward ? p.n * p.h * p.w * p.c : p.n * p.oh * p.ow * p.c;
  return {
    label: `resize2d.${p.mode}${backward ? '.backward' : ''}[${p.n}x${p.h}x${p.w}x${p.c} → ${p.oh}x${p.ow}]`,
    source,
    entryPoint: backward ? 'resize2d_backward' : 'resize2d_forward',
    constants: { MODE: RESIZE_MODES.indexOf(p.mode), WG },
    uniforms: new Uint32Array([p.n, p.h, p.w, p.c, p.oh, p.ow, 0, 0]),
    inputCount: 1,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
  };
}

/** Input x; output y. */
export function resize2dProgram(p: Resize2dParams): KernelProgram {
  return program(p, false);
}

/** Input dy; output dx (each input element gathers from the outputs that read it). */
export function resize2dBackwardProgram(p: Resize2dParams): KernelProgram {
  return program(p, true);
}

/** y = resize(x). */
export const resize2dKernel = singlePass<Resize2dParams, ['req']>('resize2d', resize2dProgram, ([x], p) => [
  resize2dRef(x, p),
]);

/** dx from dy. */
export const resize2dBackwardKernel = singlePass<Resize2dParams, ['req']>(
  'resize2d.backward',
  resize2dBackwardProgram,
  ([dy], p) => [resize2dBackwardRef(dy, p)],
);
