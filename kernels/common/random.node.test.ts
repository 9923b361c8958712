// The shared seeded random module: the same seed gives the same numbers, values stay in range, a permutation holds
// every index once, sub-streams are unrelated, and pinned values guard the streams that stored results depend on.
import { describe, expect, test } from 'vitest';
import { gaussian, normalValues, permutation, splitmix32, streamSeed, uniformValues } from './random.mjs';

const draws = (seed: number, n: number) => {
  const next = splitmix32(seed);
  return Array.from({ length: n }, next);
};

/** Pearson correlation of two equal-length series. */
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('seeded random numbers', () => {
  test('the same seed gives the same stream; another seed another stream', () => {
    expect(draws(5, 100)).toEqual(draws(5, 100));
    expect(draws(5, 100)).not.toEqual(draws(6, 100));
    expect(uniformValues(64, 3, -2, 2)).toEqual(uniformValues(64, 3, -2, 2));
    expect(normalValues(65, 3)).toEqual(normalValues(65, 3));
    expect(permutation(500, 9)).toEqual(permutation(500, 9));
  });

  test('seeds are taken as 32-bit unsigned integers', () => {
    expect(draws(-1, 10)).toEqual(draws(0xffffffff, 10));
    expect(draws(2 ** 32 + 7, 10)).toEqual(draws(7, 10));
  });

  test('pinned values: packed splits, weight init and trainer shuffles depend on these exact streams', () => {
    // Values of the SplitMix32 stream as the build script, the initialisers and the trainer have always drawn it.
    expect(draws(1, 3).map((v) => v * 2 ** 32)).toEqual([2527132011, 314344336, 2535364964]);
    expect(Array.from(permutation(10, 7))).toEqual([8, 6, 0, 5, 9, 2, 3, 7, 4, 1]);
    expect([streamSeed(0, 0), streamSeed(42, 3)]).toEqual([301794027, 3195399946]);
    expect(Array.from(normalValues(3, 5))).toEqual([-0.047242358326911926, -0.9175649881362915, 1.5714281797409058]);
  });

  test('uniform values stay in [low, high) and fill it evenly', () => {
    const u = draws(11, 20000);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    const bins = new Array(10).fill(0);
    for (const v of u) bins[Math.floor(v * 10)]++;
    for (const b of bins) expect(Math.abs(b - 2000)).toBeLessThan(200);
    const v = uniformValues(5000, 2, -3, -1);
    expect(v.every((x) => x >= -3 && x < -1)).toBe(true);
  });

  test('normal values have the asked mean and standard deviation, and single draws are finite', () => {
    const v = normalValues(20001, 4, 2, 0.5);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean - 2)).toBeLessThan(0.02);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.02);
    const next = splitmix32(8);
    const g = Array.from({ length: 10000 }, () => gaussian(next));
    expect(g.every(Number.isFinite)).toBe(true);
    expect(Math.abs(g.reduce((a, b) => a + b, 0) / g.length)).toBeLessThan(0.05);
  });

  test('a permutation holds every index exactly once, for every size including 0 and 1', () => {
    for (const n of [0, 1, 2, 3, 17, 1000]) {
      const p = permutation(n, n + 1);
      expect(p).toHaveLength(n);
      expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    // It shuffles: few fixed points, and each position gets each value about equally often over many seeds.
    const p = permutation(1000, 3);
    expect(Array.from(p).filter((v, i) => v === i).length).toBeLessThan(10);
    const firstIsZero = Array.from({ length: 4000 }, (_, s) => permutation(4, s)[0]).filter((v) => v === 0).length;
    expect(Math.abs(firstIsZero - 1000)).toBeLessThan(120);
  });

  test('sub-streams of neighbouring indices and seeds are independent', () => {
    const seeds = Array.from({ length: 64 }, (_, i) => streamSeed(1, i));
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(streamSeed(1, 0)).not.toBe(streamSeed(2, 0));
    // Streams of neighbouring parameters, and of neighbouring plain seeds, are uncorrelated (|r| ~ 1/sqrt(n)).
    const n = 4000;
    for (const [a, b] of [
      [streamSeed(7, 0), streamSeed(7, 1)],
      [streamSeed(7, 1), streamSeed(8, 1)],
      [1, 2],
    ])
      expect(Math.abs(correlation(draws(a, n), draws(b, n)))).toBeLessThan(0.05);
    // A stream is not a shifted copy of its neighbour's.
    const a = draws(streamSeed(3, 0), 200);
    const b = draws(streamSeed(3, 1), 200);
    for (let shift = 0; shift < 100; shift++) expect(a.slice(shift, shift + 50)).not.toEqual(b.slice(0, 50));
  });
});
