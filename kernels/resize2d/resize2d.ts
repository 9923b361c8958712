// Spec of the 2-D resize kernel (nearest or bilinear, NHWC) and its gradient, with ONNX Resize's coordinate
// transforms and nearest rounding modes: parameters, the exact per-axis coordinate fractions, dispatch, descriptors.
import src from './resize2d.wgsl?raw';
import { spreadWorkgroups, wgsl, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { resize2dBackwardRef, resize2dRef } from './resize2d.ref.ts';
import { NEAREST_MODES, resizeAxes, type CoordinateTransform, type NearestMode } from './coordinates.ts';

export { COORDINATE_TRANSFORMS, NEAREST_MODES, type CoordinateTransform, type NearestMode } from './coordinates.ts';

const source = wgsl('resize2d', src);
const WG = 256;

/** Interpolation modes, in the order of the `MODE` override in resize2d.wgsl (bilinear is ONNX's 'linear'). */
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
  /** Default: 'asymmetric' for nearest (PyTorch's `nearest`, Keras UpSampling2D), 'half_pixel' for bilinear. */
  coordinateTransform?: CoordinateTransform;
  /** Default 'floor'. */
  nearestMode?: NearestMode;
  /** The scales [sy, sx] the coordinate transform uses (ONNX `scales`); default [oh/h, ow/w]. */
  scales?: readonly [number, number];
}

function program(p: Resize2dParams, backward: boolean): KernelProgram {
  const size = backward ? p.n * p.h * p.w * p.c : p.n * p.oh * p.ow * p.c;
  const { y, x, transform, nearest } = resizeAxes(p);
  const modes = `${p.mode},${transform}${p.mode === 'nearest' ? `,${nearest}` : ''}`;
  return {
    label: `resize2d.${modes}${backward ? '.backward' : ''}[${p.n}x${p.h}x${p.w}x${p.c} → ${p.oh}x${p.ow}]`,
    source,
    entryPoint: backward ? 'resize2d_backward' : 'resize2d_forward',
    constants: { MODE: RESIZE_MODES.indexOf(p.mode), NEAREST: NEAREST_MODES.indexOf(nearest), WG },
    // The i32 fields travel as their two's-complement bits.
    uniforms: new Uint32Array([p.n, p.h, p.w, p.c, p.oh, p.ow, y.a, y.b, y.den, x.a, x.b, x.den].map((v) => v >>> 0)),
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
