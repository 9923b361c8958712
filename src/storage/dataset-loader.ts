// Loading datasets inside a worker: embedded packs are fetched from this app's own origin once, stored in
// IndexedDB (with progress), and read from there afterwards; toy sets are generated in code. Each worker parses a
// dataset once and keeps it while its stored version (storedAt) stays the same.
import { parsePack, type Pack } from '../data/pack.ts';
import { toySplits } from '../data/toy.ts';
import type { StudioDb } from './db.ts';
import { IMPORTED_PREFIX, saveDataset } from './datasets.ts';
import { StorageEvictedError } from './errors.ts';

/** Progress of getting a dataset ready: downloading an embedded pack, storing it, ready to use. */
export interface DatasetProgress {
  kind: 'dataset';
  id: string;
  loaded: number;
  total: number;
  stage: 'download' | 'store' | 'ready';
}

/** A dataset's parts and pack header (null for generated toy sets). */
export interface ParsedDataset {
  train: Pack['train'];
  test: Pack['test'];
  header: Pack['header'] | null;
}

/** The network failed while a dataset pack was being fetched (the UI says so by this error's name). */
export class DatasetFetchError extends Error {
  constructor(id: string, cause: unknown) {
    super(`The dataset "${id}" could not be fetched: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DatasetFetchError';
  }
}

/** Reads a response body with progress events. */
async function download(url: string, id: string, onEvent?: (e: DatasetProgress) => void): Promise<ArrayBuffer> {
  const notKept = `Large datasets work offline once they are stored in this browser: use it once while online, or tick "Keep for offline use" in the System tab.`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    throw new DatasetFetchError(id, err);
  }
  if (!res.ok || !res.body)
    throw new Error(`The dataset "${id}" could not be loaded from this app (${res.status}). ${notKept}`);
  const total = Number(res.headers.get('content-length') ?? 0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((err: unknown) => {
      throw new DatasetFetchError(id, err);
    });
    if (done) break;
    parts.push(value);
    loaded += value.byteLength;
    if (loaded - last > 1 << 20) {
      onEvent?.({ kind: 'dataset', id, loaded, total, stage: 'download' });
      last = loaded;
    }
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out.buffer;
}

/**
 * Parsed datasets of this worker by database and id, with the stored version they were parsed from. Two are kept
 * (a run's set and one being browsed), so creating, starting and inspecting a run parse its pack once.
 */
const parsed = new Map<string, { storedAt: number; dataset: ParsedDataset }>();
const KEEP = 2;

function remember(key: string, storedAt: number, dataset: ParsedDataset): ParsedDataset {
  parsed.delete(key);
  parsed.set(key, { storedAt, dataset });
  while (parsed.size > KEEP) parsed.delete(parsed.keys().next().value!);
  return dataset;
}

/**
 * The train and test parts of a dataset by id. A set parsed before by this worker is reused while its stored
 * version is unchanged (one small header read); a deleted or replaced set is read again.
 */
export async function loadDataset(
  db: StudioDb,
  id: string,
  onEvent?: (e: DatasetProgress) => void,
): Promise<ParsedDataset> {
  const key = `${db.name}/${id}`;
  const toy = toySplits(id);
  if (toy) return parsed.get(key)?.dataset ?? remember(key, 0, toy);
  const info = await db.get('datasetInfo', id);
  const hit = parsed.get(key);
  if (info && hit && hit.storedAt === info.storedAt) {
    onEvent?.({ kind: 'dataset', id, loaded: info.bytes, total: info.bytes, stage: 'ready' });
    return hit.dataset;
  }
  parsed.delete(key);
  let stored = await db.get('datasets', id);
  let pack: Pack | null = null;
  // Its header is listed but its bytes are gone: the two are written and deleted in one transaction, so the
  // browser cleared them (an embedded set is simply fetched again below).
  if (!stored && info && id.startsWith(IMPORTED_PREFIX))
    throw new StorageEvictedError(`The imported dataset “${info.title}”`);
  if (!stored && id.startsWith(IMPORTED_PREFIX))
    throw new Error(
      `The imported dataset "${id}" is no longer stored in this browser (it was deleted or the site data was cleared); import it again.`,
    );
  if (!stored) {
    const bytes = await download(`${import.meta.env.BASE_URL ?? '/'}datasets/${id}.pack`, id, onEvent);
    pack = parsePack(bytes, `${id}.pack`);
    onEvent?.({ kind: 'dataset', id, loaded: bytes.byteLength, total: bytes.byteLength, stage: 'store' });
    stored = {
      id,
      title: pack.header.title,
      source: 'embedded',
      count: pack.header.count,
      bytes: bytes.byteLength,
      pack: bytes,
      storedAt: Date.now(),
    };
    // Pack and header in one transaction; a second tab that stored it first is fine.
    await saveDataset(db, stored, { replace: true });
  }
  pack ??= parsePack(stored.pack, `${id}.pack`);
  onEvent?.({ kind: 'dataset', id, loaded: stored.bytes, total: stored.bytes, stage: 'ready' });
  return remember(key, stored.storedAt, { train: pack.train, test: pack.test, header: pack.header });
}
