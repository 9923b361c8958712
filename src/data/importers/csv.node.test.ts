// CSV importer: encoding, splits, and errors that name the file and the line.
import { describe, expect, test } from 'vitest';
import { CSV_CONTROLS, importCsv } from './csv.ts';
import { previewCsv } from './csv-preview.ts';
import { ImportError, toPack } from './common.ts';
import { parsePack } from '../pack.ts';

function iris(rows = 30): string {
  const lines = ['sepal_length,sepal_width,petal_width,species'];
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    lines.push(
      `${(5 + c + (i % 7) * 0.1).toFixed(1)},${(3 + (i % 5) * 0.1).toFixed(1)},${(0.2 + c).toFixed(1)},${['setosa', 'versicolor', 'virginica'][c]}`,
    );
  }
  return lines.join('\n') + '\n';
}

function thrown(f: () => unknown): ImportError {
  try {
    f();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('expected an ImportError');
}

describe('CSV importer', () => {
  test('a good file: classes by name, standardised numbers, a stratified fixed split that round-trips through a pack', () => {
    const r = importCsv('iris.csv', iris(), { label: 'species' });
    expect(r.header.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(r.header.xShape).toEqual([3]);
    expect(r.header.count).toBe(30);
    expect(r.header.splits).toEqual({ train: [0, 24], test: [24, 30] });
    // Each class has 10 rows, so 2 of each go to the test set.
    const test = Array.from(r.y.subarray(24)).sort();
    expect(test).toEqual([0, 0, 1, 1, 2, 2]);
    // Training features have mean 0 and std 1.
    for (let j = 0; j < 3; j++) {
      const col = Array.from({ length: 24 }, (_, i) => r.x[i * 3 + j]);
      const m = col.reduce((a, b) => a + b, 0) / 24;
      expect(Math.abs(m)).toBeLessThan(1e-5);
      expect(Math.sqrt(col.reduce((a, b) => a + (b - m) ** 2, 0) / 24)).toBeCloseTo(1, 4);
    }
    const enc = r.header.encoding;
    expect(enc?.kind === 'csv' && enc.columns[0].type === 'numeric' && enc.columns[0].mean > 5).toBe(true);
    const pack = parsePack(toPack(r, { id: 'my-iris', title: 'Iris' }));
    expect(pack.train.count).toBe(24);
    expect(pack.test.count).toBe(6);
    expect(pack.header.id).toBe('my-iris');
    expect(Array.from(pack.test.y)).toEqual(Array.from(r.y.subarray(24)));
    // The same seed gives the same split; another seed a different one.
    expect(Array.from(importCsv('iris.csv', iris(), { label: 'species' }).y)).toEqual(Array.from(r.y));
    expect(Array.from(importCsv('iris.csv', iris(), { label: 'species', seed: 7 }).y)).not.toEqual(Array.from(r.y));
  });

  test('a non-number in a numeric column names the file, the line and the column', () => {
    const lines = iris().split('\n');
    lines[16] = lines[16].replace(/^([^,]*,[^,]*,)[^,]*/, '$1abc');
    const e = thrown(() => importCsv('iris.csv', lines.join('\n'), { label: 'species' }));
    expect(e.message).toBe(
      'iris.csv, line 17: column "petal_width" is "abc", expected a number; fix the cell, or set the column\'s "Use as" to "category" or "ignore"',
    );
    expect(e.line).toBe(17);
  });

  test('a number beyond float32 (1e999, -3.5e38) is refused with its line and column, not stored as Infinity', () => {
    for (const [value, column] of [
      ['1e999', 'sepal_width'],
      ['-3.5e38', 'sepal_width'],
    ]) {
      const lines = iris().split('\n');
      lines[5] = lines[5].replace(/^([^,]*,)[^,]*/, `$1${value}`);
      const e = thrown(() => importCsv('iris.csv', lines.join('\n'), { label: 'species' }));
      expect(e.message).toBe(
        `iris.csv, line 6: column "${column}" is "${value}", too large to store (numbers must lie within ±3.4e38)`,
      );
    }
    // The largest float32 itself is fine, and so is a regression target near it.
    const lines = iris().split('\n');
    lines[5] = lines[5].replace(/^([^,]*,)[^,]*/, '$13.4e38');
    expect(importCsv('iris.csv', lines.join('\n'), { label: 'species' }).header.count).toBe(30);
    const big = ['x,y', ...Array.from({ length: 30 }, (_, i) => `${i},${i === 3 ? '1e999' : i * 1.5}`)].join('\n');
    expect(thrown(() => importCsv('big.csv', big, { label: 'y', task: 'regression' })).message).toBe(
      'big.csv, line 5: column "y" is "1e999", too large to store (numbers must lie within ±3.4e38)',
    );
  });

  test('CR-only line endings count lines; bytes that are not UTF-8 are refused with their line, as text imports are', () => {
    const lines = iris().split('\n');
    lines[16] = lines[16].replace(/^([^,]*,[^,]*,)[^,]*/, '$1abc');
    const e = thrown(() => importCsv('iris.csv', lines.join('\r'), { label: 'species' }));
    expect(e.message).toMatch(/^iris\.csv, line 17: column "petal_width" is "abc", expected a number;/);
    const bytes = new TextEncoder().encode(iris());
    const bad = new Uint8Array([...bytes.subarray(0, 60), 0xff, ...bytes.subarray(60)]);
    const at = new TextDecoder().decode(bytes.subarray(0, 60)).split('\n').length;
    expect(thrown(() => importCsv('iris.csv', bad, { label: 'species' })).message).toBe(
      `iris.csv, line ${at}: is not valid UTF-8 text; save it as UTF-8 (most editors offer "Save with encoding")`,
    );
    expect(importCsv('iris.csv', bytes, { label: 'species' }).header.count).toBe(30);
  });

  test('500,000 rows import (a class of 250,000 rows once overflowed the call stack while splitting)', () => {
    const lines = ['a,b,label'];
    for (let i = 0; i < 500_000; i++) lines.push(`${i % 97},${(i * 7) % 13},${i % 2 ? 'odd' : 'even'}`);
    const r = importCsv('big.csv', lines.join('\n'), { label: 'label' });
    expect(r.header.count).toBe(500_000);
    expect(r.header.splits).toEqual({ train: [0, 400_000], test: [400_000, 500_000] });
  }, 60_000);

  test('a row with the wrong number of fields, an empty cell, a missing label column', () => {
    const lines = iris().split('\n');
    lines[5] = '5.1,3.5,setosa';
    expect(thrown(() => importCsv('iris.csv', lines.join('\n'), { label: 'species' })).message).toMatch(
      /^iris\.csv, line 6: has 3 fields, but the header has 4 columns/,
    );
    const blank = iris().split('\n');
    blank[9] = blank[9].replace(/^[^,]*/, '');
    expect(thrown(() => importCsv('iris.csv', blank.join('\n'), { label: 'species' })).message).toMatch(
      /^iris\.csv, line 10: column "sepal_length" is empty/,
    );
    // Skipping rows with empty cells instead.
    expect(importCsv('iris.csv', blank.join('\n'), { label: 'species', missing: 'skip' }).header.count).toBe(29);
    expect(thrown(() => importCsv('iris.csv', iris(), { label: 'kind' })).message).toMatch(
      /^iris\.csv: there is no column "kind"/,
    );
  });

  test('line numbers count blank lines and quoted fields that span lines', () => {
    const text = 'a,b,label\n1,2,x\n\n3,"multi\nline",y\n5,6,x\n7,oops,y\n';
    const e = thrown(() => importCsv('q.csv', text, { label: 'label', types: { b: 'numeric' } }));
    expect(e.message).toMatch(/^q\.csv, line 4: column "b" is "multi\\nline", expected a number;/);
    const e2 = thrown(() => importCsv('q.csv', 'a,b,label\n1,2,x\n3,"4,y\n', { label: 'label' }));
    expect(e2.message).toMatch(/^q\.csv, line 3: a quoted field is never closed/);
  });

  test('categorical columns are one-hot encoded; numeric labels with few values are classes', () => {
    const text = ['colour,size,label', 'red,1,0', 'blue,2,1', 'green,3,0', 'blue,4,1', 'red,5,0', 'green,6,1'].join(
      '\n',
    );
    const r = importCsv('c.csv', text, { label: 2, testFraction: 0.5 });
    expect(r.header.featureNames).toEqual(['colour=blue', 'colour=green', 'colour=red', 'size']);
    expect(r.header.classNames).toEqual(['0', '1']);
    expect(r.header.xShape).toEqual([4]);
    for (let i = 0; i < 6; i++) {
      const onehot = Array.from(r.x.subarray(i * 4, i * 4 + 3));
      expect(onehot.filter((v) => v === 1).length).toBe(1);
      expect(onehot.filter((v) => v === 0).length).toBe(2);
    }
    const e = thrown(() =>
      importCsv('ids.csv', ['id,v,label', ...Array.from({ length: 60 }, (_, i) => `n${i},${i},${i % 2}`)].join('\n'), {
        label: 'label',
      }),
    );
    expect(e.message).toMatch(/column "id" has 60 different text values/);
    expect(
      importCsv('ids.csv', ['id,v,label', ...Array.from({ length: 60 }, (_, i) => `n${i},${i},${i % 2}`)].join('\n'), {
        label: 'label',
        ignore: ['id'],
      }).header.xShape,
    ).toEqual([1]);
  });

  test('regression: a numeric label with many values gives f32 targets', () => {
    const text = [
      'hp,weight,mpg',
      ...Array.from({ length: 40 }, (_, i) => `${100 + i},${2000 + 10 * i},${(30 - i * 0.3).toFixed(1)}`),
    ].join('\r\n');
    const r = importCsv('cars.csv', text, { label: 'mpg' });
    expect(r.header.yDtype).toBe('f32');
    expect(r.header.classes).toBe(0);
    expect(r.y).toBeInstanceOf(Float32Array);
    expect(r.header.splits.test[1] - r.header.splits.test[0]).toBe(8);
    const sum = Array.from(r.y).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(
      Array.from({ length: 40 }, (_, i) => Number((30 - i * 0.3).toFixed(1))).reduce((a, b) => a + b, 0),
      3,
    );
    const bad = text.split('\r\n');
    bad[12] = '111,2110,fast';
    expect(thrown(() => importCsv('cars.csv', bad.join('\r\n'), { label: 'mpg', task: 'regression' })).message).toBe(
      'cars.csv, line 13: column "mpg" is "fast", expected a number; fix the cell, or set "Task" to "classification"',
    );
  });

  test('a preview lists columns with their guessed types for choosing the label', () => {
    const p = previewCsv('c.csv', 'id,colour,size,label\n1,red,1.5,a\n2,blue,,b\n3,red,2,a\n');
    expect(p.rows).toBe(3);
    expect(p.suggestedLabel).toBe(3);
    expect(p.columns.map((c) => [c.name, c.type, c.distinct, c.empty])).toEqual([
      ['id', 'numeric', 3, 0],
      ['colour', 'categorical', 2, 0],
      ['size', 'numeric', 2, 1],
      ['label', 'categorical', 2, 0],
    ]);
    expect(p.columns[1].examples).toEqual(['red', 'blue']);
    // The first rows as they are, and the labels and limits of the form's controls.
    expect(p.head).toEqual([
      ['1', 'red', '1.5', 'a'],
      ['2', 'blue', '', 'b'],
      ['3', 'red', '2', 'a'],
    ]);
    expect(p.controls).toBe(CSV_CONTROLS);
    expect(p.categoryLimit).toEqual({ default: 50, max: 10_000 });
    const long = previewCsv('l.csv', ['a,b', ...Array.from({ length: 20 }, (_, i) => `${i},x`)].join('\n'));
    expect(long.head.map((r) => r[0])).toEqual(['0', '1', '2', '3', '4']);
  });

  // A table like a new user's: an id-like text column with many values, a category, a number and the target.
  const people = (n = 80) =>
    [
      'name,city,age,bought',
      ...Array.from(
        { length: n },
        (_, i) => `p${i},${['rome', 'oslo', 'lima'][i % 3]},${20 + (i % 40)},${i % 2 ? 'yes' : 'no'}`,
      ),
    ].join('\n');

  test('a column with too many text values: the advice names the "Use as" choice and the category limit, and both work', () => {
    const e = thrown(() => importCsv('people.csv', people(), { label: 'bought' }));
    expect(e.message).toBe(
      `people.csv: column "name" has 80 different text values (more than the ${CSV_CONTROLS.limit} of 50); it looks like an id or free text, so set its "${CSV_CONTROLS.use}" to "${CSV_CONTROLS.ignore}", or raise the ${CSV_CONTROLS.limit} to 80 or more`,
    );
    // Ignoring it (by name or index, as the form sends it) leaves city (3 categories) and age.
    for (const ignore of [['name'], [0]]) {
      const r = importCsv('people.csv', people(), { label: 'bought', ignore });
      expect(r.header.featureNames).toEqual(['city=lima', 'city=oslo', 'city=rome', 'age']);
    }
    // Raising the limit keeps the column as 80 one-hot inputs.
    const wide = importCsv('people.csv', people(), { label: 'bought', maxCategories: 80 });
    expect(wide.header.xShape).toEqual([80 + 3 + 1]);
    expect(() => importCsv('people.csv', people(), { label: 'bought', maxCategories: 79 })).toThrow(
      /more than the Category limit of 79/,
    );
    for (const bad of [1, 2.5, 10_001, Number.NaN])
      expect(
        thrown(() => importCsv('people.csv', people(), { label: 'bought', ignore: ['name'], maxCategories: bad }))
          .message,
      ).toBe(`people.csv: the Category limit must be a whole number from 2 to 10000 (it is ${bad})`);
  });

  test('per-column types, the target and the task from the form reach the encoding', () => {
    // age as a category, city ignored, the target "age" read as regression vs classification.
    const r = importCsv('people.csv', people(), {
      label: 'bought',
      ignore: ['name', 'city'],
      types: { age: 'categorical' },
    });
    expect(r.header.featureNames?.length).toBe(40);
    expect(r.header.featureNames?.[0]).toBe('age=20');
    const reg = importCsv('people.csv', people(), { label: 'age', ignore: ['name'], task: 'regression' });
    expect(reg.header.yDtype).toBe('f32');
    const cls = importCsv('people.csv', people(), { label: 'age', ignore: ['name'], task: 'classification' });
    expect(cls.header.classes).toBe(40);
    // The target cannot also be ignored, and something must be left to learn from.
    expect(thrown(() => importCsv('people.csv', people(), { label: 'bought', ignore: ['bought'] })).message).toBe(
      'people.csv: column "bought" is the Target column and is also set to "ignore"; choose another target or use the column',
    );
    expect(
      thrown(() => importCsv('people.csv', people(), { label: 'bought', ignore: ['name', 'city', 'age'] })).message,
    ).toMatch(/no input columns are left .* set at least one column's "Use as" to "number" or "category"$/);
    // An empty cell names the form's choice for empty cells.
    const blank = people().replace('p3,rome,23', 'p3,,23');
    expect(thrown(() => importCsv('people.csv', blank, { label: 'bought', ignore: ['name'] })).message).toMatch(
      /column "city" is empty; fill it in, remove the row, or set "Rows with empty cells" to "leave them out"$/,
    );
  });
});
