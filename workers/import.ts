// Dataset import inside the trainer worker: read the files, run the importer (src/data/importers), encode a
// pack and store it in one IndexedDB transaction, reporting progress; plus listing and deleting datasets.
import { bytesOf, toPack, type Imported } from '../src/data/importers/common.ts';
import { importCsv, previewCsv, type CsvPreview } from '../src/data/importers/csv.ts';
import { importText } from '../src/data/importers/text.ts';
import { importCifar10 } from '../src/data/importers/cifar.ts';
import { decodeWithCanvas, importImages, type DecodeImage } from '../src/data/importers/images.ts';
import { deleteDataset, listStoredDatasets, saveDataset } from '../src/storage/datasets.ts';
import type { StoredDatasetInfo, StudioDb } from '../src/storage/db.ts';
import type {
  DatasetInfo,
  ImportFileRef,
  ImportProgress,
  ImportRequest,
  ImportResult,
} from '../src/protocol/trainer.ts';

/** Ids of imported datasets start with this, so a missing one can be told apart from an embedded pack. */


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
