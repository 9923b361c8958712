// Shared importer pieces: the pack writer reproduces a pack built by scripts/build-datasets.mjs byte for
// byte, seeded splits are fixed and stratified, and errors name the file with the line or record.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { encodePack, readPackHeader } from '../pack.ts';
import { ImportError, splitOrder } from './common.ts';

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

  test('errors name the file and the line or the record', () => {
    expect(new ImportError('a.csv', 'bad', { line: 3 }).message).toBe('a.csv, line 3: bad');
    expect(new ImportError('b.bin', 'cut off', { record: 9 }).message).toBe('b.bin, record 9: cut off');
    expect(new ImportError('c.txt', 'empty').message).toBe('c.txt: empty');
  });
});
