// Exports a stored dataset as a zip a person can open and re-import: images as PNG files in one folder
// per class (what the image-folder importer reads), tables as CSV with the original units, token
// sequences as decoded text; plus dataset.json with the title, source, licence and split rule.
import { zipSync, strToU8 } from 'fflate';
import Papa from 'papaparse';
import { parsePack, type PackHeader } from '../data/pack.ts';
import { floatFeatures } from '../data/split.ts';
import type { ArrayDataset } from '../engine/index.ts';
import { sizeOf } from '../../kernels/common/shape.mjs';
import type { StudioDb } from './db.ts';
import { StorageEvictedError } from './errors.ts';

/** Encodes one image (RGBA bytes, row-major) as PNG; the worker uses OffscreenCanvas, tests a stub. */
export type EncodePng = (rgba: Uint8ClampedArray, width: number, height: number) => Promise<Uint8Array>;

export interface DatasetExport {
  fileName: string;
  bytes: Uint8Array;
  /** What the zip holds, for the page to say. */
  layout: 'images' | 'csv' | 'text';
  files: number;
}

export interface ExportProgress {
  done: number;
  total: number;
}

/** Windows refuses these as file or folder names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A name that is safe as one file or folder name on Windows, macOS and Linux, and inside a zip: letters of every
 * script are kept (a class named кошки stays кошки), characters that a file system refuses or reads as a path
 * (`/ \ : * ? " < > |`, control characters) become `_`, trailing dots and spaces go, and `.`, `..`, the empty
 * name and Windows' reserved device names never come out as they are.
 */
export function safeName(s: string, fallback = 'dataset'): string {
  const t = s
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  if (!t || /^\.+$/.test(t)) return fallback;
  // A name that long is cut (by characters, not UTF-16 units), well below every file system's 255-byte limit.
  const cut = [...t].slice(0, 80).join('');
  return RESERVED.test(cut) ? `${cut}_` : cut;
}

/**
 * One folder name per class, each safe (see safeName) and unique even on a file system that ignores case or
 * Unicode normalisation: two names that would land in one folder (`Cat` and `cat`, `a/b` and `a_b`) get ` (2)`,
 * ` (3)`… so re-importing the folders gives back one class per class.
 */
export function classFolderNames(classNames: readonly string[]): string[] {
  const taken = new Set<string>();
  const key = (n: string) => n.normalize('NFKC').toLowerCase();
  return classNames.map((c, i) => {
    const base = safeName(c, `class-${i}`);
    let name = base;
    for (let k = 2; taken.has(key(name)); k++) name = `${base} (${k})`;
    taken.add(key(name));
    return name;
  });
}

const SPLITS = ['train', 'test'] as const;

function classNameOf(h: PackHeader, y: number): string {
  return h.classNames?.[y] ?? String(y);
}

/** Images [H, W, 1 | 3] as RGBA for the PNG encoder. */
function toRgba(
  x: Uint8Array | Float32Array | Int32Array,
  offset: number,
  [hgt, wid, ch]: number[],
  scaleToBytes: number,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(hgt * wid * 4);
  for (let p = 0; p < hgt * wid; p++) {
    for (let c = 0; c < 3; c++) out[p * 4 + c] = x[offset + p * ch + (ch === 1 ? 0 : c)] * scaleToBytes;
    out[p * 4 + 3] = 255;
  }
  return out;
}

async function exportImages(
  h: PackHeader,
  parts: Record<'train' | 'test', ArrayDataset>,
  encode: EncodePng,
  files: Record<string, Uint8Array>,
  onProgress: (p: ExportProgress) => void,
) {
  const [hgt, wid] = h.xShape;
  const per = sizeOf(h.xShape);
  const folders = classFolderNames(Array.from({ length: h.classes }, (_, y) => classNameOf(h, y)));
  const total = parts.train.count + parts.test.count;
  let done = 0;
  for (const s of SPLITS) {
    const ds = parts[s];
    // Bytes stay bytes; f32 pixels in [0, 1] are scaled back.
    const scale = ds.x instanceof Uint8Array ? 1 : 255;
    const digits = String(ds.count).length;
    for (let i = 0; i < ds.count; i++) {
      const png = await encode(toRgba(ds.x, i * per, h.xShape, scale), wid, hgt);
      files[`${folders[ds.y[i]]}/${s}-${String(i).padStart(digits, '0')}.png`] = png;
      if (++done % 256 === 0 || done === total) onProgress({ done, total });
    }
  }
}

function exportCsv(h: PackHeader, parts: Record<'train' | 'test', ArrayDataset>, files: Record<string, Uint8Array>) {
  const width = h.xShape[0];
  const names =
    h.featureNames?.length === width
      ? h.featureNames
      : h.vocabulary?.length === width
        ? h.vocabulary
        : Array.from({ length: width }, (_, j) => `x${j}`);
  const label = h.encoding?.kind === 'csv' ? h.encoding.label : 'label';
  const std = h.standardization;
  for (const s of SPLITS) {
    const ds = parts[s];
    const x = floatFeatures(ds);
    const rows: (string | number)[][] = [];
    for (let i = 0; i < ds.count; i++) {
      const row: (string | number)[] = [];
      for (let j = 0; j < width; j++) {
        const v = x[i * width + j];
        // Back to the original units; Math.fround noise is rounded away at 6 significant digits.
        row.push(std ? Number((v * std.std[j] + std.mean[j]).toPrecision(6)) : Number(v.toPrecision(6)));
      }
      row.push(h.classes > 0 ? classNameOf(h, ds.y[i]) : Number(ds.y[i].toPrecision(6)));
      rows.push(row);
    }
    files[`${s}.csv`] = strToU8(Papa.unparse({ fields: [...names, label], data: rows }));
  }
}

/**
 * The text of one token sample, by the packs' two conventions. Word vocabularies (the SpamAssassin
 * sequences, src/data/words.mjs) store a word as 1 + its vocabulary index, with 0 for padding.
 * Character vocabularies store the index itself; in names and in text imported line by line, token 0 is
 * the boundary that starts a sample and ends it (what follows is padding).
 */
export function decodeTokens(h: PackHeader, ids: ArrayLike<number>): string {
  const vocab = h.vocabulary ?? [];
  const all = Array.from(ids);
  if (!vocab.every((w) => w.length === 1))
    return all
      .filter((id) => id > 0 && id <= vocab.length)
      .map((id) => vocab[id - 1])
      .join(' ');
  const framed = h.encoding?.kind === 'text' ? h.encoding.boundary === 0 : true;
  let part = all;
  if (framed) {
    const start = all[0] === 0 ? 1 : 0;
    const end = all.indexOf(0, start);
    part = all.slice(start, end < 0 ? undefined : end);
  }
  return part
    .filter((id) => id >= 0 && id < vocab.length)
    .map((id) => vocab[id])
    .join('');
}

function exportText(h: PackHeader, parts: Record<'train' | 'test', ArrayDataset>, files: Record<string, Uint8Array>) {
  const len = h.xShape[0];
  const labelled = h.yShape.length === 0 && h.classes > 0;
  for (const s of SPLITS) {
    const ds = parts[s];
    const lines: string[] = [];
    for (let i = 0; i < ds.count; i++) {
      // A sample is one line: a newline inside it (text imported in windows) becomes a space.
      const text = decodeTokens(h, ds.x.subarray(i * len, (i + 1) * len)).replace(/\n/g, ' ');
      lines.push(labelled ? `${classNameOf(h, ds.y[i])}\t${text}` : text);
    }
    files[`${s}.txt`] = strToU8(lines.join('\n') + '\n');
  }
}

/** Which layout a pack exports as. */
export function exportLayout(h: PackHeader): DatasetExport['layout'] {
  if (h.xShape.length === 3 && (h.xShape[2] === 1 || h.xShape[2] === 3) && h.classes > 0) return 'images';
  if (h.xDtype === 'i32' && h.vocabulary) return 'text';
  if (h.xShape.length === 1) return 'csv';
  throw new Error(
    `${h.title}: features of shape [${h.xShape.join(', ')}] have no export format (images, tables and token sequences do)`,
  );
}

/** Builds the zip for one stored pack. Nothing is written anywhere; the caller hands the bytes to the user. */
export async function exportDataset(
  pack: ArrayBuffer,
  encode: EncodePng,
  onProgress: (p: ExportProgress) => void = () => {},
): Promise<DatasetExport> {
  const { header: h, train, test } = parsePack(pack, 'stored dataset');
  const layout = exportLayout(h);
  const parts = { train, test };
  const files: Record<string, Uint8Array> = {};
  if (layout === 'images') await exportImages(h, parts, encode, files, onProgress);
  else if (layout === 'csv') exportCsv(h, parts, files);
  else exportText(h, parts, files);
  const about = {
    title: h.title,
    description: h.description,
    source: h.source,
    license: h.license,
    splitRule: h.splitRule,
    counts: { train: train.count, test: test.count },
    layout:
      layout === 'images'
        ? 'one folder per class; file names start with the split (train- or test-). Choose this folder in the Datasets view to import it again.'
        : layout === 'csv'
          ? 'train.csv and test.csv, one row per sample, features in their original units and the label in the last column.'
          : 'train.txt and test.txt, one sample per line (label, a tab, then the text, for classification sets); words outside the vocabulary were dropped when the set was built.',
    classNames: h.classNames,
    // Folder → class name, so a re-import gives back names a file system could not hold (`a/b`, `..`).
    classFolders:
      layout === 'images'
        ? Object.fromEntries(
            classFolderNames(Array.from({ length: h.classes }, (_, y) => classNameOf(h, y))).map((f, y) => [
              f,
              classNameOf(h, y),
            ]),
          )
        : undefined,
    featureNames: h.featureNames,
  };
  files['dataset.json'] = strToU8(JSON.stringify(about, null, 2));
  const bytes = zipSync(files, { level: layout === 'images' ? 0 : 6 });
  onProgress({ done: train.count + test.count, total: train.count + test.count });
  return { fileName: `${safeName(h.title).replace(/\s+/g, '-')}.zip`, bytes, layout, files: Object.keys(files).length };
}

/** PNG bytes of an RGBA image, through the browser's own encoder. */
export const encodePngWithCanvas: EncodePng = async (rgba, width, height) => {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw images in a worker, so images cannot be exported.');
  ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
};

/** Zips the stored dataset `id`; an embedded set that was never used is not stored yet, and says so. */
export async function exportStoredDataset(
  db: StudioDb,
  id: string,
  onProgress?: (p: ExportProgress) => void,
): Promise<DatasetExport> {
  const [stored, info] = await Promise.all([db.get('datasets', id), db.get('datasetInfo', id)]);
  if (!stored && info) throw new StorageEvictedError(`The dataset “${info.title}”`);
  if (!stored)
    throw new Error(
      `The dataset "${id}" is not stored in this browser, so there is nothing to export; open it in the Datasets view (or import it again) first.`,
    );
  return exportDataset(stored.pack, encodePngWithCanvas, onProgress);
}
