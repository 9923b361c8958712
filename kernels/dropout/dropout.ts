// Spec of the counter-based (Philox) dropout kernel.
import src from './dropout.wgsl?raw';
import { f32Bits, spreadWorkgroups, type KernelProgram } from '../common/program.ts';

const WG = 256;

/** y = dropout(x) with drop probability p in [0, 1), mask determined by (seed, element index). */
export function dropoutProgram(size: number, p: number, seed: number): KernelProgram {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout probability must be in [0, 1), got ${p}`);
  return {
    label: `dropout[${size}; p=${p}]`,
    code: src,
    entryPoint: 'dropout',
    constants: { WG },
    uniforms: new Uint32Array([size, seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0, f32Bits(p)]),
    inputCount: 1,
    outputBytes: size * 4,
    dispatch: spreadWorkgroups(Math.ceil(size / WG)),
    volatileUniforms: true,
  };
}
