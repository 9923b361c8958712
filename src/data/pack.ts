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

/** One CSV input column: standardised number (x' = (x − mean) / std) or one-hot category. */
export type CsvColumnEncoding =
  | { name: string; type: 'numeric'; mean: number; std: number }
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
  try {
    return JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 12, headerLength)));
  } catch {
    throw new PackError(file, 'has a corrupt header');
  }
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
