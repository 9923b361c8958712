// The studio's own count of what it stores, per store and per item: dataset packs, run records with their
// checkpoints, imported models, and the small rest (settings, tuned kernel tiles). The Storage view shows it beside
// the browser's navigator.storage.estimate(), which compresses, rounds and lags, so the two are labelled apart.
import type { RunRecord, StudioDb } from './db.ts';

export interface StoreUsage {
  /** Bytes of each stored dataset's pack, by id (the size the dataset list shows). */
  datasets: Record<string, number>;
  /** Bytes of each run: its record (spec, settings, curves) and its checkpoint (weights and optimizer state). */
  runs: Record<string, number>;
  /** Bytes of each imported model: its original file and its metadata. */
  models: Record<string, number>;
  /** Settings and tuned kernel tiles. */
  other: number;
}

const encoder = new TextEncoder();
/** Bytes of a JSON-like record, counting ArrayBuffers by their length. */
function sizeOf(value: unknown): number {
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((a: number, v) => a + sizeOf(v), 2);
  if (value && typeof value === 'object')
    return Object.entries(value).reduce((a, [k, v]) => a + encoder.encode(k).length + 4 + sizeOf(v), 2);
  return encoder.encode(JSON.stringify(value ?? null)).length;
}

/** Counts the bytes the studio has written (checkpoints are read one at a time, packs not at all). */
export async function storeUsage(db: StudioDb): Promise<StoreUsage> {
  const datasets: Record<string, number> = {};
  for (const info of await db.getAll('datasetInfo')) datasets[info.id] = info.bytes;
  const runs: Record<string, number> = {};
  const records: RunRecord[] = await db.getAll('runs');
  for (const r of records) runs[r.id] = sizeOf(r);
  let cursor = await db.transaction('checkpoints').store.openCursor();
  while (cursor) {
    const id = cursor.value.runId;
    if (id in runs) runs[id] += sizeOf(cursor.value);
    cursor = await cursor.continue();
  }
  const models: Record<string, number> = {};
  for (const m of await db.getAll('models')) models[m.id] = m.bytes + sizeOf(m);
  let other = 0;
  for (const store of ['settings', 'kernelTuning'] as const) for (const v of await db.getAll(store)) other += sizeOf(v);
  return { datasets, runs, models, other };
}
