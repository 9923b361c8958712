// Samples of a run's dataset as the model reads them: a slice for a batch (byte pixels scaled), and one test
// sample with its tokens decoded by the export's own rules, for the sample picker of "Inside the model".
import type { ArrayDataset } from '../engine/index.ts';
import type { PackHeader } from '../data/pack.ts';
import { decodeTokens } from './dataset-export.ts';
import { sizeOf } from '../../kernels/common/shape.mjs';

/** One test sample of a run (the input that drives feature maps, attention maps and sample gradients). */
export interface TestSample {
  index: number;
  /** Test samples available (the run's test limit, or the whole split). */
  total: number;
  /** Features as the model reads them: 0–1 pixels, standardised numbers, or token ids. */
  x: Float32Array | Int32Array;
  xShape: number[];
  /** The label: a class id, a regression target, or next-token ids. */
  y: Float32Array | Int32Array;
  /** Token samples of a dataset with a vocabulary: the tokens as text (words, or the letters of a name). */
  text: string | null;
}

/** Features as the model reads them (byte pixels scaled by the set's `xScale`, when a set keeps bytes). */
function features(ds: ArrayDataset, x: ArrayDataset['x']): Float32Array | Int32Array {
  if (x instanceof Int32Array || x instanceof Float32Array) return x.slice();
  const scale = (ds as { xScale?: number }).xScale ?? 1;
  return Float32Array.from(x as ArrayLike<number>, (v) => v * scale);
}

/** Samples [from, from + count) of a dataset, copied, with features as the model reads them. */
export function slice(
  ds: ArrayDataset,
  from: number,
  count: number,
): { x: Float32Array | Int32Array; y: Float32Array | Int32Array; count: number } {
  const n = Math.max(0, Math.min(count, ds.count - from));
  const xs = sizeOf(ds.xShape);
  const ys = sizeOf(ds.yShape);
  return {
    x: features(ds, ds.x.subarray(from * xs, (from + n) * xs) as ArrayDataset['x']),
    y: ds.y.subarray(from * ys, (from + n) * ys).slice(),
    count: n,
  };
}

/** Test sample `index` of a run's test split (limited to `testLimit` samples when the run set one). */
export function testSample(
  test: ArrayDataset,
  testLimit: number | null,
  index: number,
  header: PackHeader | null = null,
): TestSample {
  const total = testLimit ? Math.min(testLimit, test.count) : test.count;
  if (!(Number.isInteger(index) && index >= 0 && index < total))
    throw new RangeError(`There is no test sample ${index}: choose one from 0 to ${total - 1}.`);
  const s = slice(test, index, 1);
  const text = s.x instanceof Int32Array && header?.vocabulary ? decodeTokens(header, s.x) : null;
  return { index, total, x: s.x, xShape: test.xShape.slice(), y: s.y, text };
}
