// CIFAR-10 binary importer: CHW records become NHWC images, the test batch is the test set, and a truncated
// file is refused with its name and the record that is cut off.
import { describe, expect, test } from 'vitest';
import { importCifar10 } from './cifar.ts';
import { toPack } from './common.ts';
import { parsePack } from '../pack.ts';
import { floatFeatures } from '../split.ts';

const RECORD = 3073;

/** `n` records whose pixels encode (record, channel, position) so the layout can be checked. */
function batch(n: number, first: number): Uint8Array {
  const b = new Uint8Array(n * RECORD);
  for (let r = 0; r < n; r++) {
    b[r * RECORD] = (first + r) % 10;
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < 1024; p++) b[r * RECORD + 1 + c * 1024 + p] = (first + r + c * 50 + p) % 256;
  }
  return b;
}

describe('CIFAR-10 importer', () => {
  test('a single record is refused (it once imported and evaluated to "accuracy 0" on no test images)', () => {
    expect(() => importCifar10([{ name: 'data_batch_1.bin', bytes: batch(1, 0) }])).toThrow(
      /data_batch_1\.bin: gives 1 images, too few to keep some for training and some for testing/,
    );
    expect(importCifar10([{ name: 'data_batch_1.bin', bytes: batch(2, 0) }]).header.splits).toEqual({
      train: [0, 1],
      test: [1, 2],
    });
  });

  test('good batches: NHWC bytes, labels, class names, the official split', () => {
    const r = importCifar10([
      { name: 'test_batch.bin', bytes: batch(3, 100) },
      { name: 'data_batch_1.bin', bytes: batch(4, 0) },
      { name: 'readme.html', bytes: new Uint8Array(3) },
    ]);
    expect(r.header.count).toBe(7);
    expect(r.header.xShape).toEqual([32, 32, 3]);
    expect(r.header.classNames?.[3]).toBe('cat');
    expect(r.header.splits).toEqual({ train: [0, 4], test: [4, 7] });
    expect(Array.from(r.y)).toEqual([0, 1, 2, 3, 0, 1, 2]);
    expect(r.skipped).toEqual(['readme.html: not a CIFAR-10 batch (.bin)']);
    // Sample 5 is test record 1: pixel (h=2, w=5) channel 2 is byte 2·1024 + 2·32 + 5 of its record.
    const p = 2 * 32 + 5;
    expect(r.x[5 * 3072 + p * 3 + 2]).toBe((101 + 100 + p) % 256);
    expect(r.x[5 * 3072 + p * 3 + 0]).toBe((101 + p) % 256);
    const pack = parsePack(toPack(r, { id: 'c', title: 'CIFAR' }));
    expect(pack.test.count).toBe(3);
    expect(floatFeatures(pack.train)[p * 3 + 1]).toBeCloseTo(((50 + p) % 256) / 255, 6);
  });

  test('a truncated file names the file and the record', () => {
    const full = batch(5, 0);
    expect(() =>
      importCifar10([
        { name: 'data_batch_1.bin', bytes: batch(2, 0) },
        { name: 'data_batch_2.bin', bytes: full.subarray(0, 4 * RECORD + 1000) },
      ]),
    ).toThrow(/^data_batch_2\.bin, record 4: is truncated/);
    const wrong = batch(2, 0);
    wrong[RECORD] = 42;
    expect(() => importCifar10([{ name: 'data_batch_3.bin', bytes: wrong }])).toThrow(
      /^data_batch_3\.bin, record 1: has label 42/,
    );
  });

  test('without a test batch the split is seeded and stratified', () => {
    const r = importCifar10([{ name: 'data_batch_1.bin', bytes: batch(40, 0) }], { testFraction: 0.25 });
    expect(r.header.splits).toEqual({ train: [0, 30], test: [30, 40] });
    expect(Array.from(r.y.subarray(30)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
