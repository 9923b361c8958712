// Whether this page can work offline, from what the service worker registration reports: one phase and the
// sentence the header shows for it. Pure, so each case is tested without a browser.

export type OfflinePhase = 'checking' | 'unsupported' | 'dev' | 'installing' | 'ready' | 'next-load' | 'failed';

/** What the page knows about its service worker. */
export interface WorkerFacts {
  /** The browser has service workers at all (not in a private window of some browsers, not over plain http). */
  supported: boolean;
  /** The development server (`npm run dev`), which has no service worker. */
  dev: boolean;
  /** Registration finished (it may still be installing). */
  registered: boolean;
  /** A worker is installing (downloading the precache) or waiting to take over. */
  installing: boolean;
  /** A worker is active: its precache is complete. */
  active: boolean;
  /** The page is controlled by a service worker (its requests go through the offline copy). */
  controlled: boolean;
  /** Registration or installation failed. */
  failed: boolean;
}

/** The phase for these facts; an installing worker wins over an active one (an update is on its way). */
export function offlinePhase(f: WorkerFacts): OfflinePhase {
  if (!f.supported) return 'unsupported';
  if (f.dev) return 'dev';
  if (f.failed) return 'failed';
  if (!f.registered) return 'checking';
  if (f.installing) return 'installing';
  if (f.active) return f.controlled ? 'ready' : 'next-load';
  return 'installing';
}

export const OFFLINE_TEXT: Record<OfflinePhase, string> = {
  checking: 'Checking the offline copy…',
  unsupported: 'No offline copy: this browser does not allow one for this page',
  dev: 'No offline copy: this is the development server (npm run dev); npm start serves the offline app',
  installing: 'Offline copy updating…',
  ready: 'Ready to work offline',
  'next-load': 'Offline copy stored; it takes over when you reload the page',
  failed: 'The offline copy could not be stored; it is tried again at your next visit',
};
