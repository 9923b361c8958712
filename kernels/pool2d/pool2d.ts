// Spec of the 2-D pooling kernels (NHWC): max and average, forward and backward.
import src from './pool2d.wgsl?raw';
import { spreadWorkgroups, type KernelProgram } from '../common/program.ts';

/** Pooling geometry with padding resolved to explicit top/left and the output size given. */
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
}

export type PoolKind = 'max' | 'avg';
const WG = 256;

function uniforms(g: Pool2dGeometry) {
  return new Uint32Array([g.n, g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.strideH, g.strideW, g.padTop, g.padLeft]);
}

/** Forward: input x; outputs y and, for max, the argmax index (i32, ih·W + iw) as a second output. */
export function pool2dProgram(kind: PoolKind, g: Pool2dGeometry): KernelProgram {
  const outSize = g.n * g.oh * g.ow * g.c;
  return {
    label: `pool2d.${kind}[${g.n}x${g.h}x${g.w}x${g.c} k${g.kh}x${g.kw} s${g.strideH},${g.strideW}]`,
    code: src,
    entryPoint: kind === 'max' ? 'pool_max_forward' : 'pool_avg_forward',
    constants: { WG },
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
    label: `pool2d.${kind}.backward[${g.n}x${g.h}x${g.w}x${g.c} k${g.kh}x${g.kw} s${g.strideH},${g.strideW}]`,
    code: src,
    entryPoint: kind === 'max' ? 'pool_max_backward' : 'pool_avg_backward',
    constants: { WG },
    uniforms: uniforms(g),
    inputCount: kind === 'max' ? 2 : 1,
    outputBytes: inSize * 4,
    dispatch: spreadWorkgroups(Math.ceil(inSize / WG)),
  };
}
