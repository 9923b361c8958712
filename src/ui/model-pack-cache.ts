// The read-text model pack in the service worker's cache: whether every file is kept, keeping it (each file read
// once through the service worker, which stores it), and removing it. Only the built app has a service worker.
import { modelFileUrl, ocrPackUrl, type OcrPackManifest } from '../protocol/ocr.ts';
import { MODEL_CACHE } from './offline-policy.ts';

const PACK_URL = ocrPackUrl(import.meta.env.BASE_URL ?? '/');

/** The pack's manifest, from the app's own origin. */
export async function modelPackManifest(): Promise<OcrPackManifest> {
  const res = await fetch(`${PACK_URL}manifest.json`);
  if (!res.ok) throw new Error(`The list of the read-text models could not be read (${res.status}); reload the page.`);
  return (await res.json()) as OcrPackManifest;
}

const fileUrls = (m: OcrPackManifest) => m.files.map((f) => modelFileUrl(PACK_URL, f.file, f.sha256));

/** Whether every file of the pack is in the offline cache. */
export async function modelPackKept(m: OcrPackManifest): Promise<boolean> {
  if (!('caches' in self)) return false;
  const cache = await caches.open(MODEL_CACHE);
  const hits = await Promise.all(fileUrls(m).map((u) => cache.match(new URL(u, location.href).href)));
  return hits.every(Boolean);
}

/** Reads each file once through the service worker (which keeps it), reporting bytes read. */
export async function keepModelPack(m: OcrPackManifest, onBytes: (loaded: number) => void): Promise<void> {
  if (!navigator.serviceWorker?.controller)
    throw new Error('The offline copy is not ready yet; wait for “Ready to work offline”, then tick the models again.');
  let loaded = 0;
  for (const [i, u] of fileUrls(m).entries()) {
    const res = await fetch(u);
    if (!res.ok) throw new Error(`The read-text model ${m.files[i].file} could not be read (${res.status}).`);
    loaded += (await res.arrayBuffer()).byteLength;
    onBytes(loaded);
  }
}

/** Removes the pack's files from the offline cache. */
export async function dropModelPack(): Promise<void> {
  if ('caches' in self) await caches.delete(MODEL_CACHE);
}
