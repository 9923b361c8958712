// Spec of the 2-D pooling kernels (NHWC): max and average, forward and backward.
import src from './pool2d.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { defineKernel, singlePass } from '../common/kernel.ts';
import { pool2dBackwardRef, pool2dRef } from './pool2d.ref.ts';

const source = wgsl('pool2d', ieee, src);

/**
 * Pooling geometry with padding resolved to explicit top/left and the output size given (ceil mode is only a
 * larger oh/ow). Optional fields default to dilation 1 and padding excluded from averages; bottom/right padding
 * matters only to `countIncludePad`.
 */
export interface Pool2dGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  oh: number;
  ow: number;
  dilH?: number;
  dilW?: number;
  padBottom?: number;
  padRight?: number;
  /** Average pooling divides by the window's taps inside the padded image (ONNX count_include_pad). */
  countIncludePad?: boolean;
}

export type PoolKind = 'max' | 'avg';
const WG = 256;

function uniforms(g: Pool2dGeometry) {
  return new Uint32Array([
    ...[g.n, g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.strideH, g.strideW, g.padTop, g.padLeft],
    ...[g.dilH ?? 1, g.dilW ?? 1, g.padBottom ?? 0, g.padRight ?? 0],
  ]);
}

function geometryLabel(g: Pool2dGeometry): string {
  const dil = (g.dilH ?? 1) > 1 || (g.dilW ?? 1) > 1 ? ` d${g.dilH ?? 1},${g.dilW ?? 1}` : '';
  return `[${g.n}x${g.h}x${g.w}x${g.c} k${g.kh}x${g.kw} s${g.strideH},${g.strideW}${dil}${g.countIncludePad ? ' countPad' : ''}]`;
}

/** Forward: input x; outputs y and, for max, the argmax index (i32, ih·W + iw) as a second output. */
export function pool2dProgram(kind: PoolKind, g: Pool2dGeometry): KernelProgram {
  const outSize = g.n * g.oh * g.ow * g.c;
  return {
    label: `pool2d.${kind}${geometryLabel(g)}`,
    source,
    entryPoint: kind === 'max' ? 'pool_max_forward' : 'pool_avg_forward',
    constants: { WG, COUNT_PAD: Number(kind === 'avg' && (g.countIncludePad ?? false)) },
    uniforms: uniforms(g),
    inputCount: 1,
    outputBytes: outSize * 4,
    extraOutputBytes: kind === 'max' ? [outSize * 4] : undefined,
    dispatch: spreadWorkgroups(Math.ceil(outSize / WG)),
  };
}

/** Backward: inputs (dy, argmax) for max, (dy) for avg; output dx. */
export function pool2dBackwardProgram(kind: PoolKind, g: Pool2dGeometry): KernelProgram {
  const inSize = g.n * g.h * g.w * g.c;
  return {
    label: `pool2d.${kind}.backward${geometryLabel(g)}`,
    source,
    entryPoint: kind === 'max' ? 'pool_max_backward' : 'pool_avg_backward',
    constants: { WG, COUNT_PAD: Number(kind === 'avg' && (g.countIncludePad ?? false)) },
    uniforms: uniforms(g),
    inputCount: kind === 'max' ? 2 : 1,
    outputBytes: inSize * 4,
    dispatch: spreadWorkgroups(Math.ceil(inSize / WG)),
  };
}

/** Parameters of 2-D pooling: max or average, and the window geometry. */
export interface Pool2dParams {
  kind: PoolKind;
  g: Pool2dGeometry;
}

/** Input x; outputs y and, for max pooling, the argmax positions (i32). */
export const pool2dKernel = singlePass<Pool2dParams, ['req']>(
  'pool2d',
  (p) => pool2dProgram(p.kind, p.g),
  ([x], p) => {
    const r = pool2dRef(p.kind, x, p.g);
    return p.kind === 'max' ? [r.y, Float64Array.from(r.argmax)] : [r.y];
  },
);

/** Inputs (dy, argmax) for max pooling, (dy, null) for average; output dx. */
export const pool2dBackwardKernel = defineKernel<Pool2dParams, ['req', 'opt']>({
  name: 'pool2d.backward',
  // Average pooling's program binds dy alone.
  launch: (gpu, [dy, argmax], p) =>
    gpu.dispatch(pool2dBackwardProgram(p.kind, p.g), p.kind === 'max' ? [dy, argmax] : [dy]),
  reference: ([dy, argmax], { kind, g }) => {
    if (kind === 'avg') return [pool2dBackwardRef('avg', new Float64Array(g.n * g.h * g.w * g.c), dy, g)];
    if (!argmax) throw new RangeError('max pooling backward needs the argmax positions');
    // Max gradients follow the saved argmax positions (ih·W + iw within each image and channel).
    const dx = new Float64Array(g.n * g.h * g.w * g.c);
    for (let n = 0; n < g.n; n++)
      for (let o = 0; o < g.oh * g.ow; o++)
        for (let c = 0; c < g.c; c++) {
          const oi = (n * g.oh * g.ow + o) * g.c + c;
          if (argmax[oi] >= 0) dx[(n * g.h * g.w + argmax[oi]) * g.c + c] += dy[oi];
        }
    return [dx];
  },
});
