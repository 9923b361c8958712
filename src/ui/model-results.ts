// A batch of model answers as a CSV table (one row per item and output: its best class and probability, its top
// classes, the value range, or the sentence saying why the item could not run), and short number formats.
import type { BatchResult } from '../protocol/models.ts';

/** A CSV cell: quoted when it holds a comma, quote or line break (RFC 4180). */
const cell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The results as CSV text, with a header row. */
export function resultsCsv(result: BatchResult): string {
  const rows: (string | number)[][] = [
    ['item', 'output', 'shape', 'label', 'probability', 'top', 'min', 'max', 'mean', 'error'],
  ];
  for (const item of result.items) {
    if (item.error) rows.push([item.name, '', '', '', '', '', '', '', '', item.error]);
    for (const o of item.outputs) {
      const best = o.top?.[0];
      rows.push([
        item.name,
        o.name,
        o.shape.join('x'),
        best?.label ?? '',
        best ? best.probability.toFixed(6) : '',
        o.top?.map((t) => `${t.label} ${(t.probability * 100).toFixed(1)}%`).join('; ') ?? '',
        o.min,
        o.max,
        o.mean,
        '',
      ]);
    }
  }
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A number for a summary: up to 4 significant digits, plain notation when it is readable. */
export function short(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}
