// The privacy line's count: requests this page has made to other origins since it loaded, from three witnesses —
// the page's own resource and navigation timing, the models worker's resource timing, and the service worker, which
// sees every fetch of the app's pages and workers (public/sw-privacy.js). The studio is meant to make none.
import { countForeign, type ForeignCount } from '../protocol/privacy.ts';
import type { ModelsClient } from './clients/models-client.ts';

/** What the service worker reports: foreign requests of this page, of all the app's clients, since when. */
interface ServiceWorkerCount {
  page: number;
  total: number;
  since: number;
  urls: string[];
}

export class PrivacyState {
  /** The page's own timeline (resource and navigation entries). */
  page = $state.raw<ForeignCount>({ checked: 0, foreign: 0, urls: [] });
  /** The models worker's timeline; null until it answers. */
  worker = $state.raw<ForeignCount | null>(null);
  /** The service worker's count; null where none controls the page (the dev server, or a first visit's first load). */
  serviceWorker = $state.raw<ServiceWorkerCount | null>(null);
  /** Requests to other origins, as the witness that saw the most says. */
  readonly count = $derived(
    Math.max(
      this.page.foreign + (this.worker?.foreign ?? 0),
      this.serviceWorker?.total ?? 0,
      this.serviceWorker?.page ?? 0,
    ),
  );
  /** The addresses asked for, if any (at most 20 per witness). */
  readonly urls = $derived(
    [...this.page.urls, ...(this.worker?.urls ?? []), ...(this.serviceWorker?.urls ?? [])].filter(
      (u, i, all) => all.indexOf(u) === i,
    ),
  );
  private seen: PerformanceEntry[] = [];
  private observer: PerformanceObserver | null = null;

  constructor(private readonly client: Pick<ModelsClient, 'foreignRequests'>) {}

  /** Starts watching the page's timeline and asks the workers now and every `everyMs`; returns the stop function. */
  watch(everyMs = 3000): () => void {
    this.seen = [...performance.getEntriesByType('navigation')];
    try {
      // `buffered` hands over what the timeline already holds (up to its 250-entry buffer), then every new entry.
      this.observer = new PerformanceObserver((list) => {
        this.seen.push(...list.getEntries());
        this.recount();
      });
      this.observer.observe({ type: 'resource', buffered: true });
    } catch {
      this.seen.push(...performance.getEntriesByType('resource'));
    }
    this.recount();
    void this.ask();
    const timer = setInterval(() => void this.ask(), everyMs);
    return () => {
      clearInterval(timer);
      this.observer?.disconnect();
      this.observer = null;
    };
  }

  private recount(): void {
    this.page = countForeign(this.seen, location.origin);
  }

  /** Asks the models worker and the service worker for their counts. */
  async ask(): Promise<void> {
    try {
      this.worker = await this.client.foreignRequests();
    } catch {
      // a restarting worker answers next time
    }
    const sw = navigator.serviceWorker?.controller;
    if (!sw) return;
    const channel = new MessageChannel();
    const answer = new Promise<ServiceWorkerCount | null>((resolve) => {
      channel.port1.onmessage = (e: MessageEvent<ServiceWorkerCount>) => resolve(e.data);
      setTimeout(() => resolve(null), 2000);
    });
    sw.postMessage({ type: 'studio-foreign-requests' }, [channel.port2]);
    const got = await answer;
    channel.port1.close();
    if (got) this.serviceWorker = got;
  }
}
