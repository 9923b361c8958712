// 2-D toy datasets generated in code (seeded): spirals, XOR, circles, Gaussian blobs.
import type { ArrayDataset } from '../engine/train/types.ts';
import { gaussian, splitmix32 } from '../../kernels/common/random.mjs';
import { split } from './split.ts';

function dataset(points: number[], labels: number[], classes: number): ArrayDataset {
  return {
    x: Float32Array.from(points),
    xShape: [2],
    y: Int32Array.from(labels),
    yShape: [],
    count: labels.length,
    classes,
  };
}

/** The generated toy sets by dataset id (800 points, seed 1), as the studio offers them. */
export const TOY_SETS: Record<string, () => ArrayDataset> = {
  spiral: () => spiral(800, 1),
  xor: () => xor(800, 1),
  circles: () => circles(800, 1),
  blobs: () => blobs(800, 1),
};

/** `classes` interleaved spiral arms of n/classes points each (Lang & Witbrock 1988 style). */
export function spiral(n: number, seed: number, classes = 2, noise = 0.1): ArrayDataset {
  const next = splitmix32(seed);
  const pts: number[] = [];
  const lbl: number[] = [];
  const per = Math.floor(n / classes);
  for (let c = 0; c < classes; c++)
    for (let i = 0; i < per; i++) {
      const r = (i / per) * 5 + 0.2;
      const t = ((1.75 * i) / per) * 2 * Math.PI + (2 * Math.PI * c) / classes;
      pts.push((r * Math.sin(t)) / 5 + noise * gaussian(next), (r * Math.cos(t)) / 5 + noise * gaussian(next));
      lbl.push(c);
    }
  return dataset(pts, lbl, classes);
}

/** Uniform points in [-1, 1]²; the class is whether x and y have the same sign. */
export function xor(n: number, seed: number): ArrayDataset {
  const next = splitmix32(seed);
  const pts: number[] = [];
  const lbl: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = next() * 2 - 1;
    const y = next() * 2 - 1;
    pts.push(x, y);
    lbl.push(x * y >= 0 ? 0 : 1);
  }
  return dataset(pts, lbl, 2);
}

/** A disc of radius 0.5 (class 0) inside a ring from 0.7 to 1 (class 1). */
export function circles(n: number, seed: number): ArrayDataset {
  const next = splitmix32(seed);
  const pts: number[] = [];
  const lbl: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    const r = c === 0 ? 0.5 * Math.sqrt(next()) : 0.7 + 0.3 * next();
    const t = 2 * Math.PI * next();
    pts.push(r * Math.cos(t), r * Math.sin(t));
    lbl.push(c);
  }
  return dataset(pts, lbl, 2);
}

/** `classes` Gaussian clouds with centres on a circle. */
export function blobs(n: number, seed: number, classes = 3, spread = 0.25): ArrayDataset {
  const next = splitmix32(seed);
  const pts: number[] = [];
  const lbl: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const a = (2 * Math.PI * c) / classes;
    pts.push(0.7 * Math.cos(a) + spread * gaussian(next), 0.7 * Math.sin(a) + spread * gaussian(next));
    lbl.push(c);
  }
  return dataset(pts, lbl, classes);
}

/** A generated toy set's fixed train and test parts (80/20, seed 1), or null when `id` is not one. */
export function toySplits(id: string): { train: ArrayDataset; test: ArrayDataset; header: null } | null {
  const make = TOY_SETS[id];
  if (!make) return null;
  const [train, test] = split(make(), 0.2, 1);
  return { train, test, header: null };
}
