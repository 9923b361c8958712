// Spec of the counter-based (Philox) dropout kernel.
import src from './dropout.wgsl?raw';
import { wgsl, f32Bits, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { dropoutRef } from './dropout.ref.ts';

const source = wgsl('dropout', src);

const WG = 256;

/** y = dropout(x) with drop probability p in [0, 1), mask determined by (seed, element index). */
export function dropoutProgram(size: number, p: number, seed: number): KernelProgram {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout probability must be in [0, 1), got ${p}`);
  return {
    label: `dropout[${size}; p=${p}]`,
    source,
    entryPoint: 'dropout',
    constants: { WG },
    uniforms: new Uint32Array([size, seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, f32Bits(p)]),
    inputCount: 1,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
    volatileUniforms: true,
  };
}

/** Parameters of dropout: element count, drop probability and the counter-based RNG's seed. */
export interface DropoutParams {
  size: number;
  p: number;
  seed: number;
}

/** Zeroes each element with probability p and scales the rest by 1/(1-p); the same seed drops the same ones. */
export const dropoutKernel = singlePass<DropoutParams, ['req']>(
  'dropout',
  (d) => dropoutProgram(d.size, d.p, d.seed),
  ([x], d) => [dropoutRef(x.subarray(0, d.size), d.p, d.seed)],
);
