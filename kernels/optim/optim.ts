// Spec of the fused optimizer update kernels (SGD with momentum/Nesterov, Adam, AdamW).
import src from './optim.wgsl?raw';
import { wgsl, f32Bits, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { adamRef, sgdRef } from './optim.ref.ts';

const source = wgsl('optim', src);

const WG = 256;

export interface SgdHyper {
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
}

export interface AdamHyper {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Decoupled weight decay (AdamW) instead of L2 added to the gradient. */
  decoupled: boolean;
  /** 1-based step count, for bias correction. */
  step: number;
}

function words(
  size: number,
  lr: number,
  wd: number,
  momentum: number,
  b1: number,
  b2: number,
  eps: number,
  bias1: number,
  bias2: number,
) {
  return new Uint32Array([size, ...[lr, wd, momentum, b1, b2, eps, bias1, bias2].map(f32Bits), 0, 0, 0]);
}

/**
 * In-place SGD step. Inputs (grad, scale[1]); outputs (param[, velocity]) are bound read_write
 * and must be passed as existing buffers.
 */
export function sgdProgram(size: number, h: SgdHyper): KernelProgram {
  const plain = h.momentum === 0;
  return {
    label: `sgd[${size}]`,
    source,
    entryPoint: plain ? 'sgd_plain' : 'sgd_momentum',
    constants: plain ? { WG } : { WG, NESTEROV: Number(h.nesterov) },
    uniforms: words(size, h.lr, h.weightDecay, h.momentum, 0, 0, 0, 1, 1),
    inputCount: 2,
    outputBytes: size * 4,
    extraOutputBytes: plain ? undefined : [size * 4],
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
    volatileUniforms: true,
  };
}

/** In-place Adam/AdamW step. Inputs (grad, scale[1]); outputs (param, m, v) read_write. */
export function adamProgram(size: number, h: AdamHyper): KernelProgram {
  if (!(h.step >= 1)) throw new RangeError(`adam step must be ≥ 1, got ${h.step}`);
  return {
    label: `${h.decoupled ? 'adamw' : 'adam'}[${size}]`,
    source,
    entryPoint: 'adam_update',
    constants: { WG, ADAMW: Number(h.decoupled) },
    uniforms: words(
      size,
      h.lr,
      h.weightDecay,
      0,
      h.beta1,
      h.beta2,
      h.eps,
      1 - h.beta1 ** h.step,
      1 - h.beta2 ** h.step,
    ),
    inputCount: 2,
    outputBytes: size * 4,
    extraOutputBytes: [size * 4, size * 4],
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
    volatileUniforms: true,
  };
}

/** Outputs of an in-place update, which the caller must pass (the parameter, then its state). */
function inPlace(name: string, outputs: readonly Float64Array[] | undefined, count: number): readonly Float64Array[] {
  if (!outputs || outputs.length < count) throw new RangeError(`${name} updates in place: pass ${count} outputs`);
  return outputs;
}

/** In-place SGD step: inputs (grad, scale[1]); outputs (param) or (param, velocity) with momentum. */
export const sgdKernel = singlePass<{ size: number; h: SgdHyper }, ['req', 'req']>(
  'sgd',
  (p) => sgdProgram(p.size, p.h),
  ([grad, scale], p, outputs) => {
    const outs = inPlace('sgd', outputs, p.h.momentum === 0 ? 1 : 2);
    sgdRef(outs[0].subarray(0, p.size), grad, outs[1] ?? null, p.h, scale[0]);
    return [...outs];
  },
);

/** In-place Adam/AdamW step: inputs (grad, scale[1]); outputs (param, m, v). */
export const adamKernel = singlePass<{ size: number; h: AdamHyper }, ['req', 'req']>(
  'adam',
  (p) => adamProgram(p.size, p.h),
  ([grad, scale], p, outputs) => {
    const [param, m, v] = inPlace('adam', outputs, 3);
    adamRef(param.subarray(0, p.size), grad, m, v, p.h, scale[0]);
    return [param, m, v];
  },
);
