// Spec of the layer-norm kernels (last axis, one workgroup per row).
import body from './layernorm.wgsl?raw';
import rows from '../common/rows.wgsl?raw';
import { rowWorkgroupSize, spreadWorkgroups, type KernelProgram } from '../common/program.ts';

const code = `${rows}\n${body}`;

function uniforms(r: number, cols: number, eps: number) {
  const u = new Uint32Array([r, cols, 0, 0]);
  new Float32Array(u.buffer)[2] = eps;
  return u;
}

/** Inputs (x, gamma, beta); outputs y, then mean and rstd per row. */
export function layerNormProgram(r: number, cols: number, eps: number): KernelProgram {
  return {
    label: `layerNorm[${r}x${cols}]`,
    code,
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
    code,
    entryPoint: 'layernorm_backward',
    constants: { WG: rowWorkgroupSize(cols) },
    uniforms: uniforms(r, cols, 0),
    inputCount: 5,
    outputBytes: r * cols * 4,
    dispatch: spreadWorkgroups(r),
  };
}
