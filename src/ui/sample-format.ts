// How the Datasets view shows one sample: as an image, as text (token ids through the vocabulary) or as a
// row of named values (CSV columns decoded back to what the file said), with its label as a class name.
import type { DatasetInfo } from '../protocol/datasets.ts';

export type SampleKind = 'image' | 'text' | 'table';

/** Image sets are H×W×C with 1, 3 or 4 channels (or H×W); token ids are text; anything else is a table. */
export function sampleKind(d: DatasetInfo): SampleKind {
  if (d.xDtype === 'i32') return 'text';
  const s = d.xShape;
  if ((s.length === 3 && [1, 3, 4].includes(s[2]) && s[0] > 1 && s[1] > 1) || (s.length === 2 && s[0] > 1 && s[1] > 1))
    return 'image';
  return 'table';
}

/** Height, width and channels of an image set. */
export function imageDims(d: DatasetInfo): { h: number; w: number; c: number } {
  return { h: d.xShape[0], w: d.xShape[1], c: d.xShape[2] ?? 1 };
}

/** The label of sample `i` as a person reads it: a class name, a number, or null for next-token sets. */
export function labelText(d: DatasetInfo, y: Int32Array | Float32Array, i: number): string | null {
  if (d.task === 'sequence') return null;
  const v = y[i];
  if (d.task === 'regression') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  return d.classNames?.[v] ?? String(v);
}

/** Name of class `c`. */
export const className = (d: DatasetInfo, c: number): string => d.classNames?.[c] ?? String(c);

/** Token ids back to text. Character sets join characters; word sets (ids start at 1, 0 = padding) join words. */
export function tokensText(d: DatasetInfo, row: ArrayLike<number>): string {
  const vocab = d.vocabulary ?? [];
  const windows = d.encoding?.kind === 'text' && d.encoding.mode === 'windows';
  if (d.task === 'sequence') {
    let s = '';
    for (let i = 0; i < row.length; i++) {
      const t = row[i];
      if (t === 0 && !windows) {
        if (i > 0) break;
        continue;
      }
      if (t < 0) break;
      s += vocab[t] ?? '?';
    }
    return s.replace(/\n/g, '⏎');
  }
  const words: string[] = [];
  for (let i = 0; i < row.length; i++) if (row[i] > 0) words.push(vocab[row[i] - 1] ?? `#${row[i]}`);
  return words.join(' ');
}

/** Columns shown for a tabular set: the CSV's own columns when it was imported, else the feature names. */
export function tableColumns(d: DatasetInfo): string[] {
  if (d.encoding?.kind === 'csv') return d.encoding.columns.map((c) => c.name);
  const n = d.xShape[0] ?? 0;
  if (n > 12 && d.vocabulary?.length === n) return ['words present'];
  return Array.from({ length: Math.min(n, 12) }, (_, j) => d.featureNames?.[j] ?? `x${j + 1}`);
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));

/** One sample's cells for `tableColumns`: CSV values un-standardised and one-hot columns named again. */
export function tableCells(d: DatasetInfo, row: ArrayLike<number>): string[] {
  const enc = d.encoding;
  if (enc?.kind === 'csv') {
    const out: string[] = [];
    let j = 0;
    for (const c of enc.columns) {
      if (c.type === 'numeric') {
        out.push(num(row[j] * c.std + c.mean));
        j++;
      } else {
        let best = -1;
        for (let k = 0; k < c.categories.length; k++) if (row[j + k] > 0.5) best = k;
        out.push(best >= 0 ? c.categories[best] : '');
        j += c.categories.length;
      }
    }
    return out;
  }
  const n = d.xShape[0] ?? 0;
  if (n > 12 && d.vocabulary?.length === n) {
    const words: string[] = [];
    for (let j = 0; j < n && words.length < 12; j++) if (row[j] > 0) words.push(d.vocabulary[j]);
    return [words.join(' ')];
  }
  return Array.from({ length: Math.min(n, 12) }, (_, j) => num(row[j]));
}

/** Bytes as KiB or MiB. */
export function formatBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  if (b < 2 ** 20) return `${(b / 1024).toFixed(1)} KiB`;
  return `${(b / 2 ** 20).toFixed(1)} MiB`;
}
