// Spec of the fused attention kernels: forward, backward statistics, dq, and dk/dv.
import src from './attention.wgsl?raw';
import { wgsl, f32Bits, type KernelProgram } from '../common/program.ts';
import { defineKernel } from '../common/kernel.ts';
import { attentionBackwardRef, attentionRef } from './attention.ref.ts';

const source = wgsl('attention', src);

/** Largest head size the kernels' register arrays hold (MAX_D in attention.wgsl). */
export const ATTENTION_MAX_HEAD_DIM = 128;
/** Queries (or keys, in dk/dv) per workgroup. */
const BR = 64;
/** Workgroup memory the kernels may use; WebGPU guarantees 16 KiB. */
const WORKGROUP_BYTES = 16384;

export interface AttentionDims {
  b: number;
  h: number;
  t: number;
  d: number;
  causal: boolean;
  /** Whether a per-batch key-length buffer masks padded keys. */
  hasLens: boolean;
  /** Multiplier of q·k; 1/sqrt(d) by default. */
  scale?: number;
}

/** Key rows per tile: two BC×D tiles and 2·BC statistics fit in workgroup memory. */
export function attentionTileRows(d: number): number {
  return Math.max(1, Math.min(32, Math.floor(WORKGROUP_BYTES / (8 * d + 8))));
}

function base(
  a: AttentionDims,
  what: string,
  entryPoint: string,
  inputCount: number,
  outputs: number[],
): KernelProgram {
  if (a.d < 1 || a.d > ATTENTION_MAX_HEAD_DIM)
    throw new RangeError(`attention head size must be 1..${ATTENTION_MAX_HEAD_DIM}, got ${a.d}`);
  const scale = a.scale ?? 1 / Math.sqrt(a.d);
  return {
    label: `attention.${what}[${a.b}x${a.h}x${a.t}x${a.d}${a.causal ? ' causal' : ''}${a.hasLens ? ' lens' : ''}]`,
    source,
    entryPoint,
    constants: { BR, BC: attentionTileRows(a.d), HEAD_DIM: a.d, CAUSAL: Number(a.causal), HAS_LENS: Number(a.hasLens) },
    uniforms: new Uint32Array([a.b, a.h, a.t, f32Bits(scale)]),
    inputCount,
    outputBytes: outputs[0],
    extraOutputBytes: outputs.length > 1 ? outputs.slice(1) : undefined,
    dispatch: [Math.ceil(a.t / BR), a.b * a.h, 1],
  };
}

/** Inputs (q, k, v, lens|dummy); outputs o [B,H,T,D] and lse [B,H,T]. */
export function attentionProgram(a: AttentionDims): KernelProgram {
  const n = a.b * a.h * a.t;
  return base(a, 'forward', 'attention_forward', 4, [n * a.d * 4, n * 4]);
}

/** Inputs (o, dO, lse); output interleaved (lse, δ) per row. */
export function attentionStatsProgram(a: AttentionDims): KernelProgram {
  const n = a.b * a.h * a.t;
  return base(a, 'stats', 'attention_stats', 3, [n * 2 * 4]);
}

/** Inputs (q, k, v, dO, stats, lens|dummy); output dq. */
export function attentionDqProgram(a: AttentionDims): KernelProgram {
  return base(a, 'backward.dq', 'attention_backward_dq', 6, [a.b * a.h * a.t * a.d * 4]);
}

/** Inputs (q, k, v, dO, stats, lens|dummy); outputs dk and dv. */
export function attentionDkvProgram(a: AttentionDims): KernelProgram {
  const bytes = a.b * a.h * a.t * a.d * 4;
  return base(a, 'backward.dkv', 'attention_backward_dkv', 6, [bytes, bytes]);
}

/** FLOPs of the forward pass (two T×T×D matmuls per head; halved when causal). */
export function attentionFlops(a: AttentionDims): number {
  return (4 * a.b * a.h * a.t * a.t * a.d) / (a.causal ? 2 : 1);
}

/**
 * Inputs (q, k, v, lens|null); outputs o and the per-row log-sum-exp the backward reuses (the reference
 * recomputes it, so its lse output is zeros).
 */
export const attentionKernel = defineKernel<AttentionDims, ['req', 'req', 'req', 'opt']>({
  name: 'attention',
  launch: (gpu, inputs, a) => gpu.dispatch(attentionProgram(a), inputs),
  reference: ([q, k, v, lens], a) => [attentionRef(q, k, v, a, lens), new Float64Array(a.b * a.h * a.t)],
});

/**
 * Inputs (q, k, v, o, dO, lse, lens|null); outputs dq, dk, dv. Three passes: per-row statistics (lse and
 * δ = rowsum(dO ∘ o)), then dq with one workgroup per query tile and dk/dv with one per key tile, so no pass
 * writes the T×T probabilities and none needs atomics.
 */
export const attentionBackwardKernel = defineKernel<AttentionDims, ['req', 'req', 'req', 'req', 'req', 'req', 'opt']>({
  name: 'attention.backward',
  launch: (gpu, [q, k, v, o, dO, lse, lens], a) => {
    const [stats] = gpu.dispatch(attentionStatsProgram(a), [o, dO, lse]);
    const [dq] = gpu.dispatch(attentionDqProgram(a), [q, k, v, dO, stats, lens]);
    const [dk, dv] = gpu.dispatch(attentionDkvProgram(a), [q, k, v, dO, stats, lens]);
    gpu.free(stats);
    return [dq, dk, dv];
  },
  reference: ([q, k, v, , dO, , lens], a) => {
    const r = attentionBackwardRef(q, k, v, dO, a, lens);
    return [r.dq, r.dk, r.dv];
  },
});
