// Histograms of parameter values (and of gradients, src/engine/train/gradients.ts) for "Inside the model".
import type { Model } from '../nn/model.ts';

export interface WeightHistogram {
  name: string;
  shape: number[];
  min: number;
  max: number;
  counts: number[];
  /** L2 norm of all the values. */
  norm?: number;
}

/** A histogram of `values` in `bins` equal bins from their min to their max, with their L2 norm. */
export function histogram(
  name: string,
  shape: readonly number[],
  values: ArrayLike<number>,
  bins = 30,
): WeightHistogram {
  let min = Infinity;
  let max = -Infinity;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sq += v * v;
  }
  const hi = max > min ? max : min + 1e-6;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++)
    counts[Math.min(bins - 1, Math.floor(((values[i] - min) / (hi - min)) * bins))]++;
  return { name, shape: shape.slice(), min, max: hi, counts, norm: Math.sqrt(sq) };
}

/** Histograms of every parameter tensor of the model (values read back from the GPU). */
export async function weightHistograms(model: Model, bins = 30): Promise<WeightHistogram[]> {
  const out: WeightHistogram[] = [];
  for (const [name, tensor] of model.tensors)
    out.push(histogram(name, tensor.shape, (await tensor.data()) as Float32Array, bins));
  return out;
}
