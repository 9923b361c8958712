// A row typed into the Playground's form is encoded exactly as the CSV importer encoded the same row of the file
// (numbers standardised with the stored training statistics, categories one-hot), and bad values are named.
import { describe, expect, test } from 'vitest';
import { importCsv } from './importers/csv.ts';
import { columnRanges, encodeRow, rowColumns, rowWidth } from './table-row.ts';

const csv = `id,size,colour,weight,price
1,3.5,red,10,cheap
2,4.25,blue,12.5,dear
3,1,green,7,cheap
4,2.75,red,9.25,dear
5,5,blue,15,dear
6,0.5,green,3,cheap
7,3,red,11,cheap
8,4.5,green,13,dear
9,2,blue,6.5,cheap
10,3.75,red,10.5,dear`;

describe('encodeRow', () => {
  test('each CSV row, encoded from its cells as the form does, is the row the importer stored', () => {
    const imported = importCsv('shop.csv', csv, { label: 'price', ignore: ['id'] });
    const columns = rowColumns(imported.header)!;
    expect(columns.map((c) => c.name)).toEqual(['size', 'colour', 'weight']);
    const width = rowWidth(columns);
    expect(imported.header.xShape).toEqual([width]);
    const stored = new Set<string>();
    for (let r = 0; r < imported.header.count; r++)
      stored.add(Array.from(imported.x.subarray(r * width, (r + 1) * width)).join());
    const lines = csv.split('\n').slice(1);
    for (const line of lines) {
      const [, size, colour, weight] = line.split(',');
      // Spaces around a typed value do not matter, as they do not in the file.
      const row = encodeRow(columns, [` ${size}`, colour, `${weight} `]);
      expect(stored.has(Array.from(row).join()), line).toBe(true);
    }
    expect(stored.size).toBe(lines.length);
  });

  test('numeric columns keep the training rows’ range for the form', () => {
    const imported = importCsv('shop.csv', csv, { label: 'price', ignore: ['id'] });
    const [size] = rowColumns(imported.header)!;
    expect(size.type === 'numeric' && size.min! >= 0.5 && size.max! <= 5 && size.min! < size.max!).toBe(true);
  });

  test('a built-in pack’s standardised features become numeric columns, ranges read from its rows', () => {
    const header = {
      xShape: [2],
      featureNames: ['a', 'b'],
      standardization: { mean: [10, 0], std: [2, 1] },
    };
    const columns = rowColumns(header)!;
    expect(Array.from(encodeRow(columns, ['14', '-1']))).toEqual([2, -1]);
    expect(columnRanges(columns, [1, 0, -1, 3], 2)).toEqual([
      { min: 8, max: 12 },
      { min: 0, max: 3 },
    ]);
  });

  test('a value the model cannot read is refused with its column and what to do', () => {
    const imported = importCsv('shop.csv', csv, { label: 'price', ignore: ['id'] });
    const columns = rowColumns(imported.header)!;
    expect(() => encodeRow(columns, ['abc', 'red', '1'])).toThrow(/size: "abc" is not a number/);
    expect(() => encodeRow(columns, ['', 'red', '1'])).toThrow(/size: fill in a number/);
    expect(() => encodeRow(columns, ['1', 'pink', '1'])).toThrow(/colour: "pink" is not one of .*blue, green, red/);
  });
});
