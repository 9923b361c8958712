// What the Read text view copies and downloads: the lines of each picture as plain text, and every line of every
// picture as CSV rows (file, line number, text, confidence, box corners), written with papaparse.
import Papa from 'papaparse';
import type { TextLine } from '../protocol/ocr.ts';

/** A picture's name and the lines read in it. */
export interface ReadPicture {
  name: string;
  lines: TextLine[];
}

/** One picture's lines, one per line. */
export const linesText = (lines: TextLine[]): string => lines.map((l) => l.text).join('\n');

/** Every picture's text; with more than one picture, each is headed by its file name. */
export function picturesText(pictures: ReadPicture[]): string {
  if (pictures.length === 1) return `${linesText(pictures[0].lines)}\n`;
  return pictures.map((p) => `# ${p.name}\n${linesText(p.lines)}\n`).join('\n');
}

/** CSV with a header row: file, line, text, confidence, then the four corners (x0,y0 … x3,y3) in picture pixels. */
export function picturesCsv(pictures: ReadPicture[]): string {
  const rows = pictures.flatMap((p) =>
    p.lines.map((l, i) => [p.name, i + 1, l.text, l.score.toFixed(4), ...l.quad.flatMap((c) => [c.x, c.y])]),
  );
  const header = ['file', 'line', 'text', 'confidence', 'x0', 'y0', 'x1', 'y1', 'x2', 'y2', 'x3', 'y3'];
  return `${Papa.unparse([header, ...rows], { newline: '\n' })}\n`;
}
