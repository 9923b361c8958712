// Deterministic dataset splits and subsets. A split is a seeded permutation cut into parts, so the same
// seed always puts the same samples in the same part.
import type { ArrayDataset } from '../engine/train/types.ts';
import { permutation } from '../../kernels/common/random.mjs';
import { sizeOf } from '../../kernels/common/shape.mjs';

/** Samples `idx` of a dataset as a new dataset. */
export function subset(ds: ArrayDataset, idx: ArrayLike<number>): ArrayDataset {
  const xs = sizeOf(ds.xShape);
  const ys = sizeOf(ds.yShape);
  const x = new (ds.x.constructor as Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor)(
    idx.length * xs,
  );
  const y = new (ds.y.constructor as Float32ArrayConstructor)(idx.length * ys);
  for (let i = 0; i < idx.length; i++) {
    x.set(ds.x.subarray(idx[i] * xs, (idx[i] + 1) * xs), i * xs);
    y.set(ds.y.subarray(idx[i] * ys, (idx[i] + 1) * ys), i * ys);
  }
  return { ...ds, x, y, count: idx.length };
}

/** The first `n` samples (or all). */
export function head(ds: ArrayDataset, n: number): ArrayDataset {
  return n >= ds.count
    ? ds
    : subset(
        ds,
        Array.from({ length: n }, (_, i) => i),
      );
}

/** Splits into [1 − fraction, fraction] by a seeded shuffle (e.g. a validation split). */
export function split(ds: ArrayDataset, fraction: number, seed: number): [ArrayDataset, ArrayDataset] {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`split fraction must be between 0 and 1, got ${fraction}`);
  const order = permutation(ds.count, seed);
  const cut = Math.round(ds.count * (1 - fraction));
  return [
    subset(
      ds,
      order.slice(0, cut).sort((a, b) => a - b),
    ),
    subset(
      ds,
      order.slice(cut).sort((a, b) => a - b),
    ),
  ];
}

/**
 * A run's training samples split into training and validation parts by its seed. Validation needs a few samples
 * on each side: none below 20 samples, and none when the fraction holds none back.
 */
export function trainValidation(
  all: ArrayDataset,
  fraction: number,
  seed: number,
): [ArrayDataset, ArrayDataset | null] {
  const held = all.count - Math.round(all.count * (1 - fraction));
  return held >= 1 && all.count >= 20 ? split(all, fraction, seed) : [all, null];
}

/** The features as numbers a model or a picture uses: u8 bytes scaled to f32, f32 and i32 as they are. */
export function floatFeatures(ds: Pick<ArrayDataset, 'x' | 'xScale'>): Float32Array | Int32Array {
  if (!(ds.x instanceof Uint8Array)) return ds.x;
  const scale = ds.xScale ?? 1;
  return Float32Array.from(ds.x, (v) => v * scale);
}
