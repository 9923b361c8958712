// Datasets in IndexedDB: a pack and its header are written together in one transaction (so a failed import
// leaves nothing behind), deleted together, and listed from the small header records alone.
import { readPackHeader, type PackHeader } from '../data/pack.ts';
import { STRICT, type StoredDataset, type StoredDatasetInfo, type StudioDb } from './db.ts';

/** Ids of imported datasets start with this, so a missing one can be told apart from an embedded pack. */
export const IMPORTED_PREFIX = 'imported-';

/** A dataset id that is already taken (and replacing it was not asked for). */
export class DatasetExistsError extends Error {
  constructor(id: string) {
    super(`A dataset with the id "${id}" is already stored; delete it first or choose another name.`);
    this.name = 'DatasetExistsError';
  }
}

function infoOf(record: StoredDataset, header: PackHeader): StoredDatasetInfo {
  return {
    id: record.id,
    title: record.title,
    source: record.source,
    count: record.count,
    bytes: record.bytes,
    storedAt: record.storedAt,
    header,
  };
}

/**
 * Stores a dataset's pack and header in one transaction. Either both are written or, on any failure (quota,
 * a clash with an existing id, a crash), neither is and the store is as it was.
 */
export async function saveDataset(
  db: StudioDb,
  record: StoredDataset,
  options: { replace?: boolean } = {},
): Promise<StoredDatasetInfo> {
  // Read the header before opening the transaction: IndexedDB transactions close when a task awaits anything else.
  const info = infoOf(record, readPackHeader(record.pack, `${record.id}.pack`));
  const tx = db.transaction(['datasets', 'datasetInfo'], 'readwrite', STRICT);
  const done = tx.done;
  try {
    const packs = tx.objectStore('datasets');
    if (!options.replace && (await packs.getKey(record.id)) !== undefined) throw new DatasetExistsError(record.id);
    await packs.put(record);
    await tx.objectStore('datasetInfo').put(info);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // Already aborted by IndexedDB itself.
    }
    await done.catch(() => undefined);
    throw e;
  }
  await done;
  return info;
}

/** Deletes a dataset's pack and header together. Runs that used it will ask for it to be imported again. */
export async function deleteDataset(db: StudioDb, id: string): Promise<void> {
  const tx = db.transaction(['datasets', 'datasetInfo'], 'readwrite', STRICT);
  await Promise.all([tx.objectStore('datasets').delete(id), tx.objectStore('datasetInfo').delete(id), tx.done]);
}

/** Headers of every stored dataset; older records without one get it now (read once from the pack). */
export async function listStoredDatasets(db: StudioDb): Promise<StoredDatasetInfo[]> {
  const [infos, keys] = await Promise.all([db.getAll('datasetInfo'), db.getAllKeys('datasets')]);
  const known = new Set(infos.map((i) => i.id));
  for (const id of keys.filter((k) => !known.has(k))) {
    const record = await db.get('datasets', id);
    if (!record) continue;
    const info = infoOf(record, readPackHeader(record.pack, `${id}.pack`));
    await db.put('datasetInfo', info);
    infos.push(info);
  }
  return infos.sort((a, b) => a.storedAt - b.storedAt);
}

/** A dataset's pack header, from the small header store when it is there (no pack is read then). */
export async function datasetHeader(db: StudioDb, id: string): Promise<PackHeader | null> {
  const info = await db.get('datasetInfo', id);
  if (info) return info.header;
  const stored = await db.get('datasets', id);
  return stored ? readPackHeader(stored.pack, `${id}.pack`) : null;
}
