// Reading and writing dataset packs (the embedded ones built by scripts/build-datasets.mjs, and imported ones).
// The byte layout lives in pack-format.mjs; the JSON header says dtypes, shapes, scale and splits.
import type { ArrayDataset } from '../engine/train/types.ts';
import { PACK_MAGIC, packBytes, pad8 } from './pack-format.mjs';
import { sizeOf } from '../../kernels/common/shape.mjs';

export type PackDtype = 'u8' | 'i32' | 'f32';

export interface PackHeader {
  id: string;
  title: string;
  description: string;
  source: string;
  license: string;
  count: number;
  xShape: number[];
  xDtype: PackDtype;
  /** Multiplier applied to u8 features (1/255 for images). */
  xScale: number;
  yShape: number[];
  yDtype: PackDtype;
  classes: number;
  classNames?: string[];
  vocabulary?: string[];
  featureNames?: string[];
  ignoreIndex?: number;
  /** Feature standardisation of tabular packs (training-set mean and std per feature). */
  standardization?: { mean: number[]; std: number[] };
  /** How an imported dataset was encoded (src/data/importers), so inference can encode new inputs the same way. */
  encoding?: ImportEncoding;
  splits: { train: [number, number]; test: [number, number] };
  splitRule: string;
  xBytes: number;
  yBytes: number;
}

/** Per-importer encoding details kept in the header of an imported pack. */
export type ImportEncoding =
  | { kind: 'csv'; file: string; label: string; task: 'classification' | 'regression'; columns: CsvColumnEncoding[] }
  | { kind: 'images'; files: number; height: number; width: number; channels: 1 | 3 }
  | {
      kind: 'text';
      file: string;
      mode: 'lines' | 'windows';
      length: number;
      lowercase: boolean;
      boundary: number | null;
    }
  | { kind: 'cifar10'; files: string[] };

/**
 * One CSV input column: standardised number (x' = (x − mean) / std; min and max of the training rows, absent in
 * packs imported before they were kept) or one-hot category.
 */
export type CsvColumnEncoding =
  | { name: string; type: 'numeric'; mean: number; std: number; min?: number; max?: number }
  | { name: string; type: 'categorical'; categories: string[] };

export interface Pack {
  header: PackHeader;
  train: ArrayDataset;
  test: ArrayDataset;
}

/** A pack file that cannot be read, with the reason. */
export class PackError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'PackError';
  }
}

function typed(
  buf: ArrayBuffer,
  offset: number,
  bytes: number,
  dtype: PackDtype,
): Uint8Array | Int32Array | Float32Array {
  if (dtype === 'u8') return new Uint8Array(buf, offset, bytes);
  const copy = buf.slice(offset, offset + bytes);
  return dtype === 'i32' ? new Int32Array(copy) : new Float32Array(copy);
}

/** Reads only the JSON header of a pack (cheap: no features are converted). */
export function readPackHeader(buf: ArrayBuffer, file = 'dataset pack'): PackHeader {
  if (buf.byteLength < 12 || new TextDecoder().decode(new Uint8Array(buf, 0, 8)) !== PACK_MAGIC)
    throw new PackError(file, 'is not a dataset pack (bad signature)');
  const headerLength = new DataView(buf).getUint32(8, true);
  if (12 + headerLength > buf.byteLength) throw new PackError(file, 'is truncated (header cut off)');
  let h: unknown;
  try {
    h = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 12, headerLength)));
  } catch {
    throw new PackError(file, 'has a corrupt header');
  }
  checkHeader(h, file);
  return h;
}

const DTYPES: readonly unknown[] = ['u8', 'i32', 'f32'];
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isShape = (v: unknown) => Array.isArray(v) && v.length <= 8 && v.every(isCount);
const isStrings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((s) => typeof s === 'string'));

/** Refuses a header whose fields have the wrong kinds (a damaged or hand-edited pack), naming the field. */
function checkHeader(h: unknown, file: string): asserts h is PackHeader {
  const bad = (field: string) => new PackError(file, `has a damaged header (${field})`);
  if (typeof h !== 'object' || h === null || Array.isArray(h)) throw bad('not an object');
  const r = h as Record<string, unknown>;
  if (!isCount(r.count)) throw bad('count');
  if (!isShape(r.xShape)) throw bad('xShape');
  if (!isShape(r.yShape)) throw bad('yShape');
  if (!DTYPES.includes(r.xDtype)) throw bad('xDtype');
  if (!DTYPES.includes(r.yDtype)) throw bad('yDtype');
  if (!isCount(r.xBytes) || !isCount(r.yBytes)) throw bad('byte counts');
  if (!isCount(r.classes)) throw bad('classes');
  if (r.xScale !== undefined && !(typeof r.xScale === 'number' && Number.isFinite(r.xScale))) throw bad('xScale');
  if (!isStrings(r.classNames) || !isStrings(r.vocabulary) || !isStrings(r.featureNames)) throw bad('names');
  const splits = r.splits as Record<string, unknown> | null;
  const range = (v: unknown, from: number) =>
    Array.isArray(v) && v.length === 2 && isCount(v[0]) && isCount(v[1]) && v[0] === from && v[1] >= v[0];
  if (typeof splits !== 'object' || splits === null || !range(splits.train, 0)) throw bad('splits');
  const trainEnd = (splits.train as number[])[1];
  if (!range(splits.test, trainEnd) || (splits.test as number[])[1] !== r.count) throw bad('splits');
}

/** Writes a pack (the inverse of parsePack); xBytes and yBytes are filled in from the arrays. */
export function encodePack(
  meta: Omit<PackHeader, 'xBytes' | 'yBytes'>,
  x: Uint8Array | Int32Array | Float32Array,
  y: Uint8Array | Int32Array | Float32Array,
): ArrayBuffer {
  return packBytes(meta, x, y).buffer;
}

/**
 * Parses a pack; u8 features stay bytes with their `xScale`, f32 features are scaled, i32 (token ids) kept; labels
 * become i32 or f32.
 */
export function parsePack(buf: ArrayBuffer, file = 'dataset pack'): Pack {
  const h = readPackHeader(buf, file);
  const headerLength = new DataView(buf).getUint32(8, true);
  const xStart = 12 + headerLength + pad8(12 + headerLength);
  const yStart = xStart + h.xBytes + pad8(h.xBytes);
  if (yStart + h.yBytes > buf.byteLength)
    throw new PackError(file, `is truncated: ${buf.byteLength} bytes, expected ${yStart + h.yBytes}`);
  const size = (d: PackDtype) => (d === 'u8' ? 1 : 4);
  if (
    h.xBytes !== h.count * sizeOf(h.xShape) * size(h.xDtype) ||
    h.yBytes !== h.count * sizeOf(h.yShape) * size(h.yDtype)
  ) {
    throw new PackError(file, 'has sizes that do not match its header');
  }
  const xr = typed(buf, xStart, h.xBytes, h.xDtype);
  const yr = typed(buf, yStart, h.yBytes, h.yDtype);
  // u8 features stay bytes (scaled per batch by the trainer); f32 features are scaled once here.
  const x = xr;
  if (h.xDtype === 'f32' && (h.xScale ?? 1) !== 1) {
    const f = xr as Float32Array;
    for (let i = 0; i < f.length; i++) f[i] *= h.xScale;
  }
  const y = h.yDtype === 'f32' ? (yr as Float32Array) : Int32Array.from(yr);
  // Class labels must name a class (a sequence's padding may be the ignore index); the engine would refuse them
  // later with less to go on.
  if (h.classes > 0 && h.yDtype !== 'f32')
    for (let i = 0; i < y.length; i++)
      if (!(y[i] >= 0 && y[i] < h.classes) && y[i] !== (h.ignoreIndex ?? -1))
        throw new PackError(file, `has label ${y[i]} at position ${i}, outside its ${h.classes} classes`);
  const part = ([a, b]: [number, number]): ArrayDataset => ({
    x: x.subarray(a * sizeOf(h.xShape), b * sizeOf(h.xShape)),
    ...(h.xDtype === 'u8' ? { xScale: h.xScale ?? 1 } : {}),
    xShape: h.xShape,
    y: y.subarray(a * sizeOf(h.yShape), b * sizeOf(h.yShape)) as Int32Array | Float32Array,
    yShape: h.yShape,
    count: b - a,
    classes: h.classes || undefined,
  });
  return { header: h, train: part(h.splits.train), test: part(h.splits.test) };
}
