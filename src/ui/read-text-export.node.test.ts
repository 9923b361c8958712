// Copy and download formats of the Read text view: text per picture, CSV that papaparse reads back unchanged.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { picturesCsv, picturesText } from './read-text-export.ts';
import type { TextLine } from '../protocol/ocr.ts';

const line = (text: string, x: number): TextLine => ({
  text,
  score: 0.98765,
  boxScore: 0.9,
  flipped: false,
  quad: [
    { x, y: 1 },
    { x: x + 10, y: 1 },
    { x: x + 10, y: 5 },
    { x, y: 5 },
  ],
});

describe('read-text export', () => {
  it('writes one picture as its lines, several under their names', () => {
    expect(picturesText([{ name: 'a.png', lines: [line('Hello', 0), line('World', 2)] }])).toBe('Hello\nWorld\n');
    expect(
      picturesText([
        { name: 'a.png', lines: [line('A', 0)] },
        { name: 'b.png', lines: [] },
      ]),
    ).toBe('# a.png\nA\n\n# b.png\n\n');
  });

  it('writes CSV rows that read back with commas and quotes intact', () => {
    const csv = picturesCsv([{ name: 'scan, 1.png', lines: [line('Total: "48,50"', 3)] }]);
    expect(csv.split('\n')[0]).toBe('file,line,text,confidence,x0,y0,x1,y1,x2,y2,x3,y3');
    const rows = Papa.parse<string[]>(csv.trim()).data;
    expect(rows[0]).toEqual(['file', 'line', 'text', 'confidence', 'x0', 'y0', 'x1', 'y1', 'x2', 'y2', 'x3', 'y3']);
    expect(rows[1]).toEqual(['scan, 1.png', '1', 'Total: "48,50"', '0.9877', '3', '1', '13', '1', '13', '5', '3', '5']);
  });
});
