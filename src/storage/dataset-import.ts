// Dataset import (run by the datasets worker): read the files, run the importer (src/data/importers), encode a
// pack and store it in one IndexedDB transaction, reporting progress; plus listing and deleting datasets.
import { bytesOf, toPack, type Imported } from '../data/importers/common.ts';
import { importCsv, type CsvOptions } from '../data/importers/csv.ts';
import { previewCsv, type CsvPreview } from '../data/importers/csv-preview.ts';
import { importText, type TextOptions } from '../data/importers/text.ts';
import { importCifar10, type CifarOptions } from '../data/importers/cifar.ts';
import { decodeWithCanvas, importImages, type DecodeImage, type ImageOptions } from '../data/importers/images.ts';
import type { ImportEncoding } from '../data/pack.ts';
import { deleteDataset, IMPORTED_PREFIX, listStoredDatasets, saveDataset } from './datasets.ts';
import type { StoredDatasetInfo, StudioDb } from './db.ts';

/**
 * A file for an importer. From an <input>, pass `{ name: file.name, data: file }` (no copy is made); for image
 * folders the name must be the folder-relative path, `file.webkitRelativePath` (`pets/cat/001.png`).
 */
export interface ImportFileRef {
  name: string;
  data: Blob | ArrayBuffer | Uint8Array;
}

/** What to import and how (each importer's options are documented in src/data/importers). */
export type ImportSource =
  | { kind: 'csv'; file: ImportFileRef; options: CsvOptions }
  | { kind: 'images'; files: ImportFileRef[]; options: Omit<ImageOptions, 'onProgress'> }
  | { kind: 'text'; file: ImportFileRef; options?: TextOptions }
  | { kind: 'cifar10'; files: ImportFileRef[]; options?: CifarOptions };

export interface ImportRequest {
  /** Shown in the dataset list; also the base of the new dataset's id. */
  title: string;
  description?: string;
  source: ImportSource;
}

/** A stored dataset as the views show it (read from its header, without loading the data). */
export interface DatasetInfo {
  id: string;
  title: string;
  description: string;
  source: 'embedded' | 'imported';
  /** Which importer made it, or null for embedded packs. */
  importer: 'csv' | 'images' | 'text' | 'cifar10' | null;
  task: 'classification' | 'regression' | 'sequence';
  count: number;
  trainCount: number;
  testCount: number;
  bytes: number;
  storedAt: number;
  /** Shape of one sample (no batch dimension) and its dtype: what a model's input must match. */
  xShape: number[];
  xDtype: 'f32' | 'i32';
  yShape: number[];
  /** Classes (or vocabulary size for sequences); 0 for regression. */
  classes: number;
  classNames: string[] | null;
  vocabulary: string[] | null;
  featureNames: string[] | null;
  splitRule: string;
  /**
   * How an imported set was encoded (CSV column means, stds and categories; image size; text mode), to encode new
   * inputs for predict.
   */
  encoding: ImportEncoding | null;
}

/** Progress of an import (its own callback, separate from training events): `done` of `total` at each stage. */
export interface ImportProgress {
  kind: 'import';
  /** read: files being read; decode: images decoded; encode: packing; store: writing to IndexedDB; done. */
  stage: 'read' | 'decode' | 'encode' | 'store' | 'done';
  done: number;
  total: number;
  file?: string;
}

export interface ImportResult {
  dataset: DatasetInfo;
  /** Files or lines that were left out, with the reason (hidden files, non-images, over-long lines). */
  skipped: string[];
}

/** A readable, unique id: `imported-my-table-3f9a1c`. */
function newId(title: string): string {
  const slug =
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'dataset';
  return `${IMPORTED_PREFIX}${slug}-${crypto.randomUUID().slice(0, 6)}`;
}

/** The view of a stored dataset that crosses to the page. */
export function datasetInfo(s: StoredDatasetInfo): DatasetInfo {
  const h = s.header;
  const task = h.yDtype === 'f32' ? 'regression' : h.yShape.length > 0 ? 'sequence' : 'classification';
  return {
    id: s.id,
    title: s.title,
    description: h.description,
    source: s.source,
    importer: h.encoding?.kind ?? null,
    task,
    count: h.count,
    trainCount: h.splits.train[1] - h.splits.train[0],
    testCount: h.splits.test[1] - h.splits.test[0],
    bytes: s.bytes,
    storedAt: s.storedAt,
    xShape: h.xShape,
    xDtype: h.xDtype === 'i32' ? 'i32' : 'f32',
    yShape: h.yShape,
    classes: h.classes,
    classNames: h.classNames?.length ? h.classNames : null,
    vocabulary: h.vocabulary ?? null,
    featureNames: h.featureNames ?? null,
    splitRule: h.splitRule,
    encoding: h.encoding ?? null,
  };
}

/** Runs one import; nothing is stored unless every file was read and encoded without an error. */
export async function importDataset(
  db: StudioDb,
  req: ImportRequest,
  onProgress?: (p: ImportProgress) => void,
  decode: DecodeImage = decodeWithCanvas,
): Promise<ImportResult> {
  const title = req.title.trim();
  if (!title) throw new Error('Give the dataset a name before importing it.');
  let last = 0;
  const emit = (stage: ImportProgress['stage'], done: number, total: number, file?: string) => {
    const now = Date.now();
    if (stage === 'decode' && done < total && now - last < 100) return;
    last = now;
    onProgress?.({ kind: 'import', stage, done, total, file });
  };
  const src = req.source;
  let imported: Imported;
  let files: string[];
  switch (src.kind) {
    case 'csv':
      emit('read', 0, 1, src.file.name);
      imported = importCsv(src.file.name, await bytesOf(src.file), src.options);
      files = [src.file.name];
      break;
    case 'text':
      emit('read', 0, 1, src.file.name);
      imported = importText(src.file.name, await bytesOf(src.file), src.options);
      files = [src.file.name];
      break;
    case 'cifar10': {
      const read = [];
      for (const [i, f] of src.files.entries()) {
        emit('read', i, src.files.length, f.name);
        read.push({ name: f.name, bytes: await bytesOf(f) });
      }
      imported = importCifar10(read, src.options);
      files = read.map((f) => f.name);
      break;
    }
    case 'images':
      if (src.options.channels !== 1 && src.options.channels !== 3)
        throw new Error(`Images can be imported with 1 channel (grey) or 3 (colour), not ${src.options.channels}.`);
      imported = await importImages(
        src.files.map((f) => ({ path: f.name, data: f.data })),
        decode,
        { ...src.options, onProgress: (d, t) => emit('decode', d, t) },
      );
      files = [`${imported.header.count} images`];
      break;
    default:
      throw new Error(`Unknown importer "${(src satisfies never as { kind: string }).kind}".`);
  }
  emit('encode', 0, 1);
  const id = newId(title);
  const pack = toPack(imported, {
    id,
    title,
    description: req.description ?? `Imported from ${files.join(', ')}.`,
    source: `imported: ${files.join(', ')}`,
  });
  emit('store', 0, pack.byteLength);
  const info = await saveDataset(db, {
    id,
    title,
    source: 'imported',
    count: imported.header.count,
    bytes: pack.byteLength,
    pack,
    storedAt: Date.now(),
  });
  emit('done', pack.byteLength, pack.byteLength);
  return { dataset: datasetInfo(info), skipped: imported.skipped };
}

/** A CSV file's columns for the import dialog. */
export async function previewCsvFile(file: ImportFileRef): Promise<CsvPreview> {
  return previewCsv(file.name, await bytesOf(file));
}

/** Every stored dataset, oldest first. */
export async function listDatasets(db: StudioDb): Promise<DatasetInfo[]> {
  return (await listStoredDatasets(db)).map(datasetInfo);
}

/** Deletes a stored dataset (pack and header together). */
export async function removeDataset(db: StudioDb, id: string): Promise<void> {
  await deleteDataset(db, id);
}
