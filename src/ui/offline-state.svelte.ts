// The offline copy: registers the service worker (the built app's sw.js), follows it to say when the page is ready
// to work offline, and keeps the list of dataset packs with what each needs to work offline. Small packs come with the
// app's precache; a large pack works offline once it is stored in this browser (IndexedDB, where training reads it).
import type { DatasetProgress } from '../protocol/datasets.ts';
import type { DatasetsClient } from './clients/datasets-client.ts';
import type { ConfirmState } from './confirm-state.svelte.ts';
import { friendlyError } from './errors.ts';
import { precachesPack } from './offline-policy.ts';
import { OFFLINE_TEXT, offlinePhase, type OfflinePhase, type WorkerFacts } from './offline-status.ts';
import { dropModelPack, keepModelPack, modelPackKept, modelPackManifest } from './model-pack-cache.ts';
import type { OcrPackManifest } from '../protocol/ocr.ts';

/** An embedded dataset pack and how it is available offline. */
export interface OfflinePack {
  id: string;
  title: string;
  bytes: number;
  /** Part of the app's offline copy (small packs). */
  precached: boolean;
  /** Stored in this browser's datasets (chosen here, or used once). */
  stored: boolean;
}

type PackClient = Pick<DatasetsClient, 'listDatasets' | 'datasetSamples' | 'deleteDataset'>;

export class OfflineState {
  phase = $state<OfflinePhase>('checking');
  text = $derived(OFFLINE_TEXT[this.phase]);
  packs = $state.raw<OfflinePack[]>([]);
  /** The pack being stored, with download progress. */
  storing = $state.raw<{ id: string; loaded: number; total: number } | null>(null);
  message = $state<string | null>(null);
  /** The read-text model pack: its manifest, and whether the service worker's cache holds all of it. */
  models = $state.raw<{ manifest: OcrPackManifest; kept: boolean } | null>(null);

  constructor(
    private readonly client: PackClient,
    private readonly confirm: ConfirmState,
  ) {}

  /** Registers the service worker (built app only) and follows its install, activation and control of the page. */
  async watch(): Promise<void> {
    const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
    const facts: WorkerFacts = {
      supported: sw !== null,
      dev: import.meta.env.DEV,
      registered: false,
      installing: false,
      active: false,
      controlled: !!sw?.controller,
      failed: false,
    };
    const show = () => (this.phase = offlinePhase(facts));
    show();
    if (!sw || facts.dev) return;
    let reg: ServiceWorkerRegistration;
    try {
      const base = import.meta.env.BASE_URL ?? '/';
      reg = await sw.register(`${base}sw.js`, { scope: base });
    } catch {
      facts.failed = true;
      return void show();
    }
    const refresh = () => {
      facts.registered = true;
      facts.installing = !!(reg.installing || reg.waiting);
      facts.active = !!reg.active;
      facts.controlled = !!sw.controller;
      show();
    };
    const follow = (w: ServiceWorker | null) =>
      w?.addEventListener('statechange', () => {
        // A worker that turns redundant while installing failed to fetch part of the precache.
        if (w.state === 'redundant' && !reg.active) facts.failed = true;
        refresh();
      });
    follow(reg.installing ?? reg.waiting);
    reg.addEventListener('updatefound', () => {
      follow(reg.installing);
      refresh();
    });
    sw.addEventListener('controllerchange', refresh);
    refresh();
  }

  /** The embedded packs (from the app's manifest) and which of them are stored in this browser. */
  async loadPacks(): Promise<void> {
    try {
      const res = await fetch(`${import.meta.env.BASE_URL ?? '/'}datasets/manifest.json`);
      if (!res.ok) throw new Error(`The list of embedded datasets could not be read (${res.status}); reload the page`);
      const manifest = (await res.json()) as { id: string; title: string; bytes: number }[];
      const stored = (await this.client.listDatasets()).map((d) => d.id);
      this.packs = manifest
        .map((m) => ({
          id: m.id,
          title: m.title,
          bytes: m.bytes,
          precached: precachesPack(m.bytes),
          stored: stored.includes(m.id),
        }))
        .sort((a, b) => b.bytes - a.bytes);
      const pack = await modelPackManifest();
      this.models = { manifest: pack, kept: await modelPackKept(pack) };
    } catch (err) {
      this.message = friendlyError(err);
    }
  }

  /** Keeps the read-text models for offline use (read once through the service worker), or removes them. */
  async setModelsKept(keep: boolean): Promise<void> {
    const m = this.models?.manifest;
    if (!m || this.storing) return;
    this.message = null;
    try {
      if (keep) {
        this.storing = { id: 'models', loaded: 0, total: m.bytes };
        await keepModelPack(m, (loaded) => (this.storing = { id: 'models', loaded, total: m.bytes }));
        this.message = 'The read-text models are stored in this browser and work offline.';
      } else await dropModelPack();
    } catch (err) {
      this.message = friendlyError(err);
    } finally {
      this.storing = null;
    }
    await this.loadPacks();
  }

  /** Keeps a large pack for offline use (downloads and stores it now), or removes the stored copy after asking. */
  async setKept(id: string, keep: boolean): Promise<void> {
    if (this.storing) return;
    const pack = this.packs.find((p) => p.id === id);
    if (!pack) return;
    this.message = null;
    if (keep) {
      this.storing = { id, loaded: 0, total: pack.bytes };
      try {
        const onEvent = (e: DatasetProgress) => {
          if (e.stage !== 'ready') this.storing = { id, loaded: e.loaded, total: e.total || pack.bytes };
        };
        // Reading one sample copies the whole pack into this browser first (with progress).
        await this.client.datasetSamples(id, 'train', 0, 1, onEvent);
        this.message = `${pack.title} is stored in this browser and works offline.`;
      } catch (err) {
        this.message = friendlyError(err);
      } finally {
        this.storing = null;
      }
    } else {
      const ok = await this.confirm.ask({
        title: `Remove the stored copy of ${pack.title}?`,
        message:
          'It is no longer available offline. Your runs are kept; the next time you use it while online, it is downloaded again.',
        confirmLabel: 'Remove the copy',
      });
      if (!ok) return void (this.packs = [...this.packs]);
      try {
        await this.client.deleteDataset(id);
      } catch (err) {
        this.message = friendlyError(err);
      }
    }
    await this.loadPacks();
  }
}
