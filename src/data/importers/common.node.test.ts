// Shared importer pieces: the pack writer reproduces a pack built by scripts/build-datasets.mjs byte for
// byte, seeded splits are fixed and stratified, and errors name the file with the line or record.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { encodePack, readPackHeader } from '../pack.ts';
import { checkedSplits, ImportError, splitOrder, testCount } from './common.ts';

describe('importer basics', () => {
  test('encodePack writes the same bytes as the dataset build script', () => {
    const file = readFileSync('public/datasets/iris.pack');
    const buf = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
    const h = readPackHeader(buf, 'iris.pack');
    const at = 12 + new DataView(buf).getUint32(8, true);
    const xStart = at + ((8 - (at % 8)) % 8);
    const yStart = xStart + h.xBytes + ((8 - (h.xBytes % 8)) % 8);
    const x = new Float32Array(buf.slice(xStart, xStart + h.xBytes));
    const y = new Uint8Array(buf.slice(yStart, yStart + h.yBytes));
    expect(new Uint8Array(encodePack(h, x, h.yDtype === 'i32' ? new Int32Array(y.buffer) : y))).toEqual(
      new Uint8Array(buf),
    );
  });

  test('splits are seeded, cover every row once, and keep each class in the test set', () => {
    const labels = Array.from({ length: 50 }, (_, i) => (i < 40 ? 0 : 1));
    const a = splitOrder(50, 0.2, 3, labels);
    expect(a).toEqual(splitOrder(50, 0.2, 3, labels));
    expect([...a.order].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a.cut).toBe(40);
    expect(a.order.slice(40).filter((i) => labels[i] === 1).length).toBe(2);
    expect(splitOrder(10, 0, 1).cut).toBe(10);
  });

  test('a small set still gets a test sample; a split with an empty side is refused with a sentence', () => {
    expect(testCount(3, 0.1)).toBe(1);
    expect(testCount(1, 0.1)).toBe(0);
    expect(testCount(10, 0)).toBe(0);
    // Two classes of 2: round(2 × 0.2) = 0 each, so the largest (lowest label on a tie) gives one.
    const s = splitOrder(4, 0.2, 5, [0, 1, 0, 1]);
    expect(s.cut).toBe(3);
    expect([s.order[3]].map((i) => [0, 1, 0, 1][i])).toEqual([0]);
    expect(checkedSplits('a.csv', 4, 3, 'rows')).toEqual({ train: [0, 3], test: [3, 4] });
    expect(() => checkedSplits('one.bin', 1, 1, 'images')).toThrow(
      'one.bin: gives 1 images, too few to keep some for training and some for testing (1 would train, 0 would test); add more images',
    );
    expect(() => checkedSplits('a.csv', 10, 10, 'rows')).toThrow(/add more rows or change the test fraction$/);
  });

  test('errors name the file and the line or the record', () => {
    expect(new ImportError('a.csv', 'bad', { line: 3 }).message).toBe('a.csv, line 3: bad');
    expect(new ImportError('b.bin', 'cut off', { record: 9 }).message).toBe('b.bin, record 9: cut off');
    expect(new ImportError('c.txt', 'empty').message).toBe('c.txt: empty');
  });
});
