// Counting requests to other origins from a resource-timing list: shared by the page and the models worker, each of
// which has its own performance timeline (a worker's fetches are not in the page's).

/** What one timeline says: requests checked, those to other origins, and the first few of them. */
export interface ForeignCount {
  checked: number;
  foreign: number;
  urls: string[];
}

/** Counts entries (resource and navigation timing) whose URL is on another origin than `origin`. */
export function countForeign(entries: readonly { name: string }[], origin: string): ForeignCount {
  const urls: string[] = [];
  let checked = 0;
  for (const e of entries) {
    let url: URL;
    try {
      url = new URL(e.name);
    } catch {
      continue;
    }
    // data: and blob: URLs never leave the machine.
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    checked++;
    if (url.origin !== origin) urls.push(url.origin + url.pathname);
  }
  return { checked, foreign: urls.length, urls: urls.slice(0, 20) };
}
