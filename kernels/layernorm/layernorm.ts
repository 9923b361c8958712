// Spec of the layer-norm kernels (last axis, one workgroup per row).
import body from './layernorm.wgsl?raw';
import rows from '../common/rows.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, rowWorkgroupSize, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { layerNormBackwardRef, layerNormRef } from './layernorm.ref.ts';

const source = wgsl('layernorm', ieee, rows, body);

function uniforms(r: number, cols: number, eps: number) {
  const u = new Uint32Array([r, cols, 0, 0]);
  new Float32Array(u.buffer)[2] = eps;
  return u;
}

/** Inputs (x, gamma, beta); outputs y, then mean and rstd per row. */
export function layerNormProgram(r: number, cols: number, eps: number): KernelProgram {
  return {
    label: `layerNorm[${r}x${cols}]`,
    source,
    entryPoint: 'layernorm_forward',
    constants: { WG: rowWorkgroupSize(cols) },
    uniforms: uniforms(r, cols, eps),
    inputCount: 3,
    outputBytes: r * cols * 4,
    extraOutputBytes: [r * 4, r * 4],
    dispatch: spreadWorkgroups(r),
  };
}

/** Inputs (x, gamma, dy, mean, rstd); output dx. */
export function layerNormBackwardProgram(r: number, cols: number): KernelProgram {
  return {
    label: `layerNorm.backward[${r}x${cols}]`,
    source,
    entryPoint: 'layernorm_backward',
    constants: { WG: rowWorkgroupSize(cols) },
    uniforms: uniforms(r, cols, 0),
    inputCount: 5,
    outputBytes: r * cols * 4,
    dispatch: spreadWorkgroups(r),
  };
}

/** Parameters of layer norm over the last axis: rows × cols and epsilon. */
export interface LayerNormParams {
  rows: number;
  cols: number;
  eps: number;
}

/** Inputs (x, gamma, beta); outputs y and the per-row mean and 1/std the backward reuses. */
export const layerNormKernel = singlePass<LayerNormParams, ['req', 'req', 'req']>(
  'layerNorm',
  (p) => layerNormProgram(p.rows, p.cols, p.eps),
  ([x, gamma, beta], p) => {
    const r = layerNormRef(x, gamma, beta, p.rows, p.cols, p.eps);
    return [r.y, r.mean, r.rstd];
  },
);

/** Inputs (x, gamma, dy, mean, rstd); output dx (the reference recomputes the statistics in float64). */
export const layerNormBackwardKernel = singlePass<LayerNormParams, ['req', 'req', 'req', 'req', 'req']>(
  'layerNorm.backward',
  (p) => layerNormBackwardProgram(p.rows, p.cols),
  ([x, gamma, dy], p) => [layerNormBackwardRef(x, gamma, dy, p.rows, p.cols, p.eps)],
);
