// What the offline copy holds: the app and the small dataset packs always; a pack larger than the limit only when
// the learner keeps it for offline use. Shared by vite.config.ts (the precache list) and the page (the offline list).

/** Dataset packs up to this size are precached with the app; larger ones (MNIST, Fashion-MNIST, spam) are a choice. */
export const PRECACHE_PACK_LIMIT = 2 * 2 ** 20;

/** Whether the service worker precaches this dataset pack (by its size in bytes). */
export const precachesPack = (bytes: number): boolean => bytes <= PRECACHE_PACK_LIMIT;
