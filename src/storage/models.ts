// Imported models in IndexedDB: metadata and the original file written in one strict transaction (a failed import
// leaves nothing), listed newest first without reading files, deleted together.
import { STRICT, type ModelRecord, type StudioDb } from './db.ts';

export type { ModelRecord };

/** Stores a model's metadata and its file together; a crash or a full disk leaves neither. */
export async function saveModel(db: StudioDb, record: ModelRecord, file: Uint8Array): Promise<void> {
  const data =
    file.byteOffset === 0 && file.byteLength === file.buffer.byteLength
      ? (file.buffer as ArrayBuffer)
      : (file.slice().buffer as ArrayBuffer);
  const tx = db.transaction(['models', 'modelFiles'], 'readwrite', STRICT);
  // Every request's promise is observed at once: after an abort each rejects, and none may go unhandled.
  const quiet = <T>(p: Promise<T>) => (p.catch(() => {}), p);
  const done = quiet(tx.done);
  try {
    // The file first: a record the store refuses (it throws at once) then aborts a transaction holding the file.
    const file = quiet(tx.objectStore('modelFiles').put({ id: record.id, data }));
    const meta = quiet(tx.objectStore('models').put(record));
    await Promise.all([file, meta, done]);
  } catch (e) {
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    throw e;
  }
}

/** Every imported model's metadata, newest first. */
export async function listModels(db: StudioDb): Promise<ModelRecord[]> {
  return (await db.getAllFromIndex('models', 'byCreated')).reverse();
}

/** One model's metadata, or a sentence-bearing error when it was deleted (for instance in another tab). */
export async function getModel(db: StudioDb, id: string): Promise<ModelRecord> {
  const record = await db.get('models', id);
  if (!record)
    throw new Error('That model is no longer stored (it was deleted, perhaps in another tab); import it again.');
  return record;
}

/** A stored model's original file. */
export async function modelFile(db: StudioDb, id: string): Promise<Uint8Array> {
  const file = await db.get('modelFiles', id);
  if (!file) throw new Error('That model’s file is no longer stored; import it again.');
  return new Uint8Array(file.data);
}

/** Deletes a model's metadata and file together. */
export async function deleteModel(db: StudioDb, id: string): Promise<void> {
  const tx = db.transaction(['models', 'modelFiles'], 'readwrite', STRICT);
  await Promise.all([tx.objectStore('models').delete(id), tx.objectStore('modelFiles').delete(id), tx.done]);
}
