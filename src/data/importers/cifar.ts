// CIFAR-10 binary importer (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"): each record is one
// label byte then 3072 pixel bytes, the red, green and blue 32×32 planes in turn. We store NHWC bytes.
import { checkedSplits, ImportError, splitOrder, reorder, type Imported } from './common.ts';

export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];
const SIDE = 32;
const PIXELS = SIDE * SIDE;
const RECORD = 1 + 3 * PIXELS;

export interface CifarOptions {
  /** When no `test_batch.bin` is given, this fraction of the records is held out (default 0.1). */
  testFraction?: number;
  /** Seed of that split (default 42). */
  seed?: number;
}

/** A CIFAR-10 download as named byte arrays: `data_batch_N.bin`, `test_batch.bin`, optionally `batches.meta.txt`. */
export interface CifarFile {
  name: string;
  bytes: Uint8Array;
}

/** Imports CIFAR-10 binary batches; `test_batch*.bin` become the test set (the official split). */
export function importCifar10(files: CifarFile[], options: CifarOptions = {}): Imported {
  const base = (name: string) => name.split('/').pop()!;
  const meta = files.find((f) => base(f.name) === 'batches.meta.txt');
  const batches = files
    .filter((f) => base(f.name).endsWith('.bin'))
    .sort(
      (a, b) =>
        Number(base(a.name).startsWith('test')) - Number(base(b.name).startsWith('test')) || (a.name < b.name ? -1 : 1),
    );
  const skipped = files
    .filter((f) => f !== meta && !batches.includes(f))
    .map((f) => `${f.name}: not a CIFAR-10 batch (.bin)`);
  if (batches.length === 0)
    throw new ImportError(
      files[0]?.name ?? 'CIFAR-10 import',
      'no .bin batch files were given; choose data_batch_1.bin … data_batch_5.bin and test_batch.bin from the binary version of CIFAR-10',
    );

  let classNames = CIFAR10_CLASSES;
  if (meta) {
    const names = new TextDecoder()
      .decode(meta.bytes)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length !== 10)
      throw new ImportError(meta.name, `lists ${names.length} class names; CIFAR-10 has 10, one per line`);
    classNames = names;
  }

  for (const f of batches) {
    const whole = Math.floor(f.bytes.byteLength / RECORD);
    const rest = f.bytes.byteLength % RECORD;
    if (f.bytes.byteLength === 0) throw new ImportError(f.name, 'is empty');
    if (rest !== 0)
      throw new ImportError(
        f.name,
        `is truncated or not a CIFAR-10 batch: the file ends ${rest} bytes into this record (records count from 0, ${whole} are whole), which needs ${RECORD} bytes (1 label + 3072 pixels); download the file again`,
        { record: whole },
      );
    for (let r = 0; r < whole; r++) {
      const label = f.bytes[r * RECORD];
      if (label > 9)
        throw new ImportError(f.name, `has label ${label}, but CIFAR-10 labels are 0 to 9; is this a CIFAR-100 file?`, {
          record: r,
        });
    }
  }

  const n = batches.reduce((a, f) => a + f.bytes.byteLength / RECORD, 0);
  const x = new Uint8Array(n * 3 * PIXELS);
  const y = new Uint8Array(n);
  let k = 0;
  let testStart = -1;
  for (const f of batches) {
    if (testStart < 0 && base(f.name).startsWith('test')) testStart = k;
    for (let r = 0; r < f.bytes.byteLength / RECORD; r++, k++) {
      const rec = f.bytes.subarray(r * RECORD, (r + 1) * RECORD);
      y[k] = rec[0];
      const out = x.subarray(k * 3 * PIXELS, (k + 1) * 3 * PIXELS);
      // CHW planes → interleaved HWC.
      for (let p = 0; p < PIXELS; p++) {
        out[p * 3] = rec[1 + p];
        out[p * 3 + 1] = rec[1 + PIXELS + p];
        out[p * 3 + 2] = rec[1 + 2 * PIXELS + p];
      }
    }
  }

  let xs = x;
  let ys = y;
  let cut = testStart < 0 ? n : testStart;
  let splitRule = `the official split: ${cut} training images (data_batch files), ${n - cut} test images (test_batch)`;
  if (testStart < 0 || testStart === 0) {
    // No separate test batch (or only test batches): a seeded stratified split instead.
    const fraction = options.testFraction ?? 0.1;
    const seed = options.seed ?? 42;
    const s = splitOrder(n, fraction, seed, y);
    xs = reorder(x, 3 * PIXELS, s.order);
    ys = reorder(y, 1, s.order);
    cut = s.cut;
    splitRule = `no separate test batch: seeded shuffle (seed ${seed}) stratified by class, ${Math.round(fraction * 100)}% test`;
  }

  return {
    header: {
      count: n,
      xShape: [SIDE, SIDE, 3],
      xDtype: 'u8',
      xScale: 1 / 255,
      yShape: [],
      yDtype: 'u8',
      classes: 10,
      classNames,
      encoding: { kind: 'cifar10', files: batches.map((f) => f.name) },
      splits: checkedSplits(batches.map((f) => f.name).join(', '), n, cut, 'images'),
      splitRule,
    },
    x: xs,
    y: ys,
    skipped,
  };
}
