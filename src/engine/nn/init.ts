// Seeded weight initialisers (Glorot & Bengio 2010; He et al. 2015): each parameter gets its own stream
// derived from the model seed and the parameter's index, so the same seed gives the same weights.
import { normalValues, streamSeed, uniformValues } from '../../../kernels/common/random.mjs';

export type Init =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'glorotUniform'; fanIn: number; fanOut: number }
  | { kind: 'heNormal'; fanIn: number }
  | { kind: 'normal'; std: number };

/** Values for a parameter of `size` elements. */
export function initValues(init: Init, size: number, seed: number): Float32Array {
  switch (init.kind) {
    case 'zeros':
      return new Float32Array(size);
    case 'ones':
      return new Float32Array(size).fill(1);
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (init.fanIn + init.fanOut));
      return uniformValues(size, seed, -limit, limit);
    }
    case 'heNormal':
      return normalValues(size, seed, 0, Math.sqrt(2 / init.fanIn));
    case 'normal':
      return normalValues(size, seed, 0, init.std);
    default:
      return init satisfies never;
  }
}

/** A per-parameter seed from the model seed and the parameter's position (its own random sub-stream). */
export function paramSeed(modelSeed: number, index: number): number {
  return streamSeed(modelSeed, index);
}
