// Toy sets and splits: sizes, label balance, determinism by seed, disjoint splits.
import { describe, expect, test } from 'vitest';
import { blobs, circles, spiral, xor } from './toy.ts';
import { head, split } from './split.ts';

describe('toy datasets', () => {
  test.each([
    ['spiral', () => spiral(200, 1), 2],
    ['xor', () => xor(200, 1), 2],
    ['circles', () => circles(200, 1), 2],
    ['blobs', () => blobs(201, 1), 3],
  ] as const)('%s is balanced, 2-D, and reproducible', (_n, make, classes) => {
    const a = make();
    const b = make();
    expect(a.xShape).toEqual([2]);
    expect(a.x.length).toBe(2 * a.count);
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    const counts = new Array(classes).fill(0);
    a.y.forEach((v) => counts[v]++);
    counts.forEach((c) => expect(Math.abs(c - a.count / classes)).toBeLessThanOrEqual(a.count * 0.1 + 1));
    expect(a.x.every((v) => Number.isFinite(v) && Math.abs(v) < 3)).toBe(true);
  });

  test('splits are deterministic, disjoint and complete', () => {
    const ds = xor(100, 2);
    const [a, b] = split(ds, 0.2, 5);
    const [c] = split(ds, 0.2, 5);
    expect(a.count + b.count).toBe(100);
    expect(b.count).toBe(20);
    expect(Array.from(a.x)).toEqual(Array.from(c.x));
    const key = (d: typeof a) => new Set(Array.from({ length: d.count }, (_, i) => `${d.x[2 * i]},${d.x[2 * i + 1]}`));
    const ka = key(a);
    for (const k of key(b)) expect(ka.has(k)).toBe(false);
    expect(head(ds, 10).count).toBe(10);
  });
});
