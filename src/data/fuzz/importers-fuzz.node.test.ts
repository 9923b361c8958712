// Property-based fuzzing (fast-check) of every importer and the dataset-pack reader: any bytes, any CSV shape,
// any options give a whole dataset or the importer's own error naming the file, never a raw error or a hang
// (a hang fails the test by its time limit). `npm run fuzz` runs the same properties with a larger budget.
import { describe, test } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { importCsv } from '../importers/csv.ts';
import { previewCsv } from '../importers/csv-preview.ts';
import { importText } from '../importers/text.ts';
import { importCifar10 } from '../importers/cifar.ts';
import { discoverClasses } from '../importers/images.ts';
import { ImportError } from '../importers/common.ts';
import { PackError, parsePack } from '../pack.ts';
import { checkImported, cleanOutcome, FUZZ_RUNS } from './outcome.ts';

const run = { numRuns: FUZZ_RUNS };

/** A CSV cell: numbers of every spelling (overflowing ones too), words, empties, quoted text with separators. */
const cell = fc.oneof(
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom('1e999', '-1e999', 'NaN', 'Infinity', '0x1F', '1,5', ' 3 ', '', '""', '.5', '+2', '1e-50'),
  fc.constantFrom('red', 'green', 'blue', 'кошка', '猫', 'a b'),
  fc.string({ maxLength: 6 }),
  fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')},\n${s}"`),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const csvText = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 30 }), eol, fc.boolean())
  .chain(([cols, rows, nl, ragged]) =>
    fc
      .tuple(
        fc.array(fc.string({ maxLength: 5 }), { minLength: cols, maxLength: cols }),
        fc.array(fc.array(cell, { minLength: ragged ? 0 : cols, maxLength: ragged ? cols + 2 : cols }), {
          minLength: rows,
          maxLength: rows,
        }),
      )
      .map(([header, body]) => ({ cols, text: [header.join(','), ...body.map((r) => r.join(','))].join(nl) })),
  );
const csvOptions = fc.record({
  task: fc.constantFrom('auto', 'classification', 'regression') as fc.Arbitrary<
    'auto' | 'classification' | 'regression'
  >,
  missing: fc.constantFrom('error', 'skip') as fc.Arbitrary<'error' | 'skip'>,
  maxCategories: fc.integer({ min: 1, max: 60 }),
  testFraction: fc.constantFrom(0, 0.2, 0.5, 0.9),
});

describe('fuzz: CSV importer', () => {
  test('structured CSV with awkward cells, line endings and options', () => {
    fc.assert(
      fc.property(csvText, csvOptions, fc.nat(), ({ cols, text }, options, labelPick) => {
        cleanOutcome(
          () => previewCsv('f.csv', text),
          [ImportError],
          () => {},
        );
        cleanOutcome(
          () => importCsv('f.csv', text, { ...options, label: labelPick % cols }),
          [ImportError],
          checkImported,
        );
      }),
      run,
    );
  });

  test('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(5), (bytes, label) => {
        cleanOutcome(() => importCsv('f.csv', bytes, { label }), [ImportError], checkImported);
      }),
      run,
    );
  });
});

describe('fuzz: text importer', () => {
  test('any text or bytes, both modes, any length', () => {
    const input = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.uint8Array({ maxLength: 200 }));
    const options = fc.record({
      mode: fc.constantFrom('lines', 'windows') as fc.Arbitrary<'lines' | 'windows'>,
      length: fc.integer({ min: 1, max: 40 }),
      longLines: fc.constantFrom('error', 'skip') as fc.Arbitrary<'error' | 'skip'>,
      lowercase: fc.boolean(),
    });
    fc.assert(
      fc.property(input, options, (text, o) => {
        cleanOutcome(() => importText('t.txt', text, o), [ImportError, RangeError], checkImported);
      }),
      run,
    );
  });
});

describe('fuzz: CIFAR-10 importer', () => {
  test('batches of any length and any labels', () => {
    const record = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.uint8Array({ minLength: 3072, maxLength: 3072 }));
    const batch = fc.oneof(
      fc.array(record, { maxLength: 4 }).map((rs) => Uint8Array.from(rs.flatMap(([l, px]) => [l, ...px]))),
      fc.uint8Array({ maxLength: 7000 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('data_batch_1.bin', 'test_batch.bin', 'x.bin', 'readme.txt'), batch), {
          maxLength: 3,
        }),
        (files) => {
          cleanOutcome(
            () => importCifar10(files.map(([name, bytes]) => ({ name, bytes }))),
            [ImportError, RangeError],
            checkImported,
          );
        },
      ),
      run,
    );
  });
});

describe('fuzz: image-folder discovery', () => {
  test('any set of paths', () => {
    const part = fc.constantFrom('a', 'b', '..', '.', '', 'кошки', 'x.png', 'y.JPG', '.hidden.png', 'c d');
    const path = fc
      .array(part, { minLength: 1, maxLength: 4 })
      .map((ps) => ps.join(fc.sample(fc.constantFrom('/', '\\'), 1)[0]));
    fc.assert(
      fc.property(fc.array(path, { maxLength: 8 }), (paths) => {
        cleanOutcome(
          () => discoverClasses(paths),
          [ImportError],
          (d) => {
            if (d.classNames.length < 2) throw new Error('fewer than two classes accepted');
            if (d.labels.length !== d.images.length) throw new Error('labels and images differ in number');
            if (d.labels.some((l) => !(l >= 0 && l < d.classNames.length))) throw new Error('a label is out of range');
          },
        );
      }),
      run,
    );
  });
});

describe('fuzz: dataset packs', () => {
  const iris = readFileSync('public/datasets/iris.pack');
  const base = new Uint8Array(iris.buffer.slice(iris.byteOffset, iris.byteOffset + iris.byteLength));
  test('a real pack with bytes changed, cut or spliced', () => {
    const mutation = fc.oneof(
      fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })).map(([at, v]) => (b: Uint8Array) => {
        const c = b.slice();
        c[at] = v;
        return c;
      }),
      fc.nat(base.length).map((n) => (b: Uint8Array) => b.slice(0, n)),
      fc.tuple(fc.nat(64), fc.uint8Array({ maxLength: 16 })).map(([where, ins]) => (b: Uint8Array) => {
        const at = Math.min(where, b.length);
        const c = new Uint8Array(b.length + ins.length);
        c.set(b.subarray(0, at));
        c.set(ins, at);
        c.set(b.subarray(at), at + ins.length);
        return c;
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const bytes = ms.reduce((b, m) => m(b), base);
        cleanOutcome(
          () => parsePack(bytes.slice().buffer, 'fuzzed.pack'),
          [PackError],
          (p) => {
            const h = p.header;
            const per = h.xShape.reduce((a, b) => a * b, 1);
            if (p.train.x.length !== p.train.count * per) throw new Error('train features do not fill the header');
            if (p.test.x.length !== p.test.count * per) throw new Error('test features do not fill the header');
          },
        );
      }),
      run,
    );
  });

  test('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        cleanOutcome(
          () => parsePack(bytes.slice().buffer, 'random.pack'),
          [PackError],
          () => {},
        );
      }),
      run,
    );
  });
});
