// What the offline copy holds: the app and the small dataset packs always; a pack larger than the limit only when
// the learner keeps it for offline use. Shared by vite.config.ts (the precache list) and the page (the offline list).

/** Dataset packs up to this size are precached with the app; larger ones (MNIST, Fashion-MNIST, spam) are a choice. */
export const PRECACHE_PACK_LIMIT = 2 * 2 ** 20;

/** Whether the service worker precaches this dataset pack (by its size in bytes). */
export const precachesPack = (bytes: number): boolean => bytes <= PRECACHE_PACK_LIMIT;

/**
 * The read-text models (PaddleOCR, about 15 MB) are not precached either: the service worker keeps each model file
 * in this cache the first time it is read (the Read text view, or "Keep for offline use" in the System tab), under
 * a URL that names the file's hash, so a new model version is a new entry.
 */
export const MODEL_CACHE = 'studio-models';

/** Paths of the model packs under the app's base (scripts/build-models.mjs). */
export const MODEL_PACK_DIR = 'models/';
