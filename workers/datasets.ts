// Loading datasets inside a worker: embedded packs are fetched from this app's own origin once, stored in
// IndexedDB (with progress), and read from there afterwards; toy sets are generated in code.
import { parsePack, type Pack } from '../src/data/pack.ts';
import { TOY_SETS } from '../src/data/toy.ts';
import { split } from '../src/data/split.ts';
import type { StudioDb } from '../src/storage/db.ts';
import { saveDataset } from '../src/storage/datasets.ts';
import { IMPORTED_PREFIX } from './import.ts';
import type { WorkerEvent } from '../src/protocol/trainer.ts';

/** A generated toy set's fixed train and test parts (80/20, seed 1), or null when `id` is not one. */
export function toySplits(id: string): { train: Pack['train']; test: Pack['test']; header: null } | null {
  const make = TOY_SETS[id];
  if (!make) return null;
  const [train, test] = split(make(), 0.2, 1);
  return { train, test, header: null };
}

/** Reads a response body with progress events. */
async function download(url: string, id: string, onEvent?: (e: WorkerEvent) => void): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok || !res.body)
    throw new Error(
      `The dataset "${id}" could not be loaded from this app (${res.status}). Reload the page while online once so it can be cached.`,
    );
  const total = Number(res.headers.get('content-length') ?? 0);
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
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

/** The train and test parts of a dataset by id. */
export async function loadDataset(
  db: StudioDb,
  id: string,
  onEvent?: (e: WorkerEvent) => void,
): Promise<{ train: Pack['train']; test: Pack['test']; header: Pack['header'] | null }> {
  const toy = toySplits(id);
  if (toy) return toy;
  let stored = await db.get('datasets', id);
  if (!stored && id.startsWith(IMPORTED_PREFIX))
    throw new Error(
      `The imported dataset "${id}" is no longer stored in this browser (it was deleted or the site data was cleared); import it again.`,
    );
  if (!stored) {
    const pack = await download(`${import.meta.env.BASE_URL ?? '/'}datasets/${id}.pack`, id, onEvent);
    const parsed = parsePack(pack, `${id}.pack`);
    onEvent?.({ kind: 'dataset', id, loaded: pack.byteLength, total: pack.byteLength, stage: 'store' });
    stored = {
      id,
      title: parsed.header.title,
      source: 'embedded',
      count: parsed.header.count,
      bytes: pack.byteLength,
      pack,
      storedAt: Date.now(),
    };
    // Pack and header in one transaction; a second tab that stored it first is fine.
    await saveDataset(db, stored, { replace: true });
  }
  const parsed = parsePack(stored.pack, `${id}.pack`);
  onEvent?.({ kind: 'dataset', id, loaded: stored.bytes, total: stored.bytes, stage: 'ready' });
  return { train: parsed.train, test: parsed.test, header: parsed.header };
}
