// What every importer shares: the error type that names the file and the line or record, the in-memory
// result (a pack header plus feature and label arrays), seeded splits and the file inputs they accept.
import { encodePack, type PackHeader } from '../pack.ts';
import { permutation } from '../../../kernels/common/random.mjs';

/** A file that cannot be imported. The message names the file and, where known, the line or record. */
export class ImportError extends Error {
  readonly file: string;
  readonly line: number | null;
  readonly record: number | null;
  readonly reason: string;

  constructor(file: string, reason: string, where: { line?: number; record?: number } = {}) {
    const at =
      where.line !== undefined ? `, line ${where.line}` : where.record !== undefined ? `, record ${where.record}` : '';
    super(`${file}${at}: ${reason}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = where.line ?? null;
    this.record = where.record ?? null;
    this.reason = reason;
  }
}

/** A file handed to an importer: a name (a relative path for image folders) and its bytes. */
export interface ImportFile {
  name: string;
  data: ArrayBuffer | Uint8Array | Blob;
}

/** Header fields an importer fills in; the rest (id, title, …) comes from the caller. */
export type ImportedHeader = Omit<
  PackHeader,
  'id' | 'title' | 'description' | 'source' | 'license' | 'xBytes' | 'yBytes'
>;

/** An imported dataset in memory, rows ordered train first then test (as `header.splits` says). */
export interface Imported {
  header: ImportedHeader;
  x: Uint8Array | Int32Array | Float32Array;
  y: Uint8Array | Int32Array | Float32Array;
  /** Files that were skipped and why (not images, hidden files), for the UI to show. */
  skipped: string[];
}

/** What the caller says about the dataset as a whole. */
export interface DatasetMeta {
  id: string;
  title: string;
  description?: string;
  source?: string;
  license?: string;
}

/** Encodes an imported dataset as a pack file (src/data/pack.ts format). */
export function toPack(imported: Imported, meta: DatasetMeta): ArrayBuffer {
  return encodePack(
    {
      ...imported.header,
      id: meta.id,
      title: meta.title,
      description: meta.description ?? '',
      source: meta.source ?? 'imported by the user',
      license: meta.license ?? 'unknown (imported by the user)',
    },
    imported.x,
    imported.y,
  );
}

/** Reads an ImportFile's bytes. */
export async function bytesOf(file: ImportFile): Promise<Uint8Array> {
  const d = file.data;
  if (d instanceof Uint8Array) return d;
  if (d instanceof ArrayBuffer) return new Uint8Array(d);
  return new Uint8Array(await d.arrayBuffer());
}

/**
 * How many of `n` samples a test fraction holds out: round(n × fraction), but at least one when the fraction is
 * not 0 and there are two samples or more, so a small dataset is still evaluated on something.
 */
export function testCount(n: number, testFraction: number): number {
  const k = Math.round(n * testFraction);
  return k === 0 && testFraction > 0 && n >= 2 ? 1 : k;
}

/**
 * A fixed split as an order of rows: train rows first, then test rows. With labels it is stratified (each
 * class contributes round(fraction × its size) test rows), so small classes still appear in the test set; when
 * that rounds to no test rows at all, the largest class gives one (see testCount).
 */
export function splitOrder(
  n: number,
  testFraction: number,
  seed: number,
  labels?: ArrayLike<number>,
): { order: number[]; cut: number } {
  if (!(testFraction >= 0 && testFraction < 1))
    throw new RangeError(`testFraction must be in [0, 1), got ${testFraction}`);
  const perm = Array.from(permutation(n, seed));
  if (!labels) return { order: perm, cut: n - testCount(n, testFraction) };
  const byClass = new Map<number, number[]>();
  for (const i of perm) {
    const c = labels[i];
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  }
  const train: number[] = [];
  const test: number[] = [];
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const held = new Map(classes.map((c) => [c, Math.round(byClass.get(c)!.length * testFraction)]));
  if ([...held.values()].every((k) => k === 0) && testCount(n, testFraction) > 0) {
    const largest = classes.reduce((a, c) => (byClass.get(c)!.length > byClass.get(a)!.length ? c : a));
    held.set(largest, 1);
  }
  for (const c of classes) {
    const rows = byClass.get(c)!;
    const k = held.get(c)!;
    // Element by element: spreading a class of a few hundred thousand rows into push() overflows the call stack.
    for (let j = 0; j < rows.length; j++) (j < k ? test : train).push(rows[j]);
  }
  // Interleave classes again so the training part is not sorted by class.
  const shuffle = (rows: number[], s: number) => Array.from(permutation(rows.length, s), (i) => rows[i]);
  return { order: [...shuffle(train, seed + 1), ...shuffle(test, seed + 2)], cut: train.length };
}

/** Copies rows `order` of a [n, per] array into a new array of the same type. */
export function reorder<T extends Uint8Array | Int32Array | Float32Array>(a: T, per: number, order: number[]): T {
  const out = new (a.constructor as new (n: number) => T)(order.length * per);
  for (let i = 0; i < order.length; i++) out.set(a.subarray(order[i] * per, (order[i] + 1) * per), i * per);
  return out;
}

/**
 * The text of an imported file as strict UTF-8: bytes that are not UTF-8 are refused with the line where they
 * start (silently replacing them with U+FFFD would put made-up characters and categories into the dataset).
 */
export function decodeUtf8(file: string, input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    const loose = new TextDecoder('utf-8').decode(input);
    const at = loose.indexOf('\uFFFD');
    const line = at < 0 ? undefined : loose.slice(0, at).split(/\r\n?|\n/).length;
    throw new ImportError(file, 'is not valid UTF-8 text; save it as UTF-8 (most editors offer "Save with encoding")', {
      line,
    });
  }
}

/**
 * The split an importer made, refused when either side is empty: training needs examples, and evaluating on
 * nothing would report "accuracy 0" for a model that was never tested. `what` names the samples (rows, images…).
 */
export function checkedSplits(
  file: string,
  n: number,
  cut: number,
  what: string,
): { train: [number, number]; test: [number, number] } {
  if (cut <= 0 || cut >= n)
    throw new ImportError(
      file,
      `gives ${n} ${what}, too few to keep some for training and some for testing (${cut} would train, ${n - cut} would test); add more ${what}${n > 1 ? ' or change the test fraction' : ''}`,
    );
  return { train: [0, cut], test: [cut, n] };
}
