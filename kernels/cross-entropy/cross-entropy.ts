// Spec of the fused softmax cross-entropy kernels.
import body from './cross-entropy.wgsl?raw';
import rows from '../common/rows.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, rowWorkgroupSize, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { crossEntropyBackwardRef, crossEntropyRef } from './cross-entropy.ref.ts';

const source = wgsl('cross-entropy', ieee, rows, body);

export interface CrossEntropyOptions {
  /** Label smoothing ε in [0, 1). */
  smoothing: number;
  /** Rows with this label contribute no loss and no gradient. */
  ignoreIndex: number;
}

function uniforms(r: number, cols: number, o: CrossEntropyOptions) {
  const u = new Uint32Array(4);
  u[0] = r;
  u[1] = cols;
  new Float32Array(u.buffer)[2] = o.smoothing;
  new Int32Array(u.buffer)[3] = o.ignoreIndex;
  return u;
}

/** Inputs (logits [r, cols], labels i32 [r]); outputs loss per row, then lse per row. */
export function crossEntropyProgram(r: number, cols: number, o: CrossEntropyOptions): KernelProgram {
  return {
    label: `crossEntropy[${r}x${cols}]`,
    source,
    entryPoint: 'cross_entropy_forward',
    constants: { WG: rowWorkgroupSize(cols) },
    uniforms: uniforms(r, cols, o),
    inputCount: 2,
    outputBytes: r * 4,
    extraOutputBytes: [r * 4],
    dispatch: spreadWorkgroups(r),
  };
}

/** Inputs (logits, labels, lse, dloss [r]); output dlogits. */
export function crossEntropyBackwardProgram(r: number, cols: number, o: CrossEntropyOptions): KernelProgram {
  return {
    label: `crossEntropy.backward[${r}x${cols}]`,
    source,
    entryPoint: 'cross_entropy_backward',
    constants: { WG: rowWorkgroupSize(cols) },
    uniforms: uniforms(r, cols, o),
    inputCount: 4,
    outputBytes: r * cols * 4,
    dispatch: spreadWorkgroups(r),
  };
}

/** Parameters of softmax cross-entropy: rows × cols logits and the loss options. */
export interface CrossEntropyParams {
  rows: number;
  cols: number;
  options: CrossEntropyOptions;
}

/**
 * Inputs (logits, labels i32); outputs the per-row loss and log-sum-exp (saved for the backward; the
 * reference recomputes it, so its lse output is zeros).
 */
export const crossEntropyKernel = singlePass<CrossEntropyParams, ['req', 'req']>(
  'crossEntropy',
  (p) => crossEntropyProgram(p.rows, p.cols, p.options),
  ([logits, labels], p) => [crossEntropyRef(logits, labels, p.rows, p.cols, p.options), new Float64Array(p.rows)],
);

/** Inputs (logits, labels, lse, dloss); output dlogits. */
export const crossEntropyBackwardKernel = singlePass<CrossEntropyParams, ['req', 'req', 'req', 'req']>(
  'crossEntropy.backward',
  (p) => crossEntropyBackwardProgram(p.rows, p.cols, p.options),
  ([logits, labels, , dloss], p) => [crossEntropyBackwardRef(logits, labels, dloss, p.rows, p.cols, p.options)],
);
