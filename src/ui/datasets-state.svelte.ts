// The one owner of the dataset list (Datasets and Storage views): embedded sets (from the app's manifest) and stored
// ones, the selected set's samples and class counts, the import forms with their progress, and deleting sets.
import type {
  CsvOptions,
  CsvPreview,
  DatasetInfo,
  DatasetSamples,
  ImportProgress,
  ImportRequest,
  ImportSource,
  DatasetProgress,
} from '../protocol/datasets.ts';
import type { DatasetsClient } from './clients/datasets-client.ts';
import type { ConfirmState } from './confirm-state.svelte.ts';
import { friendlyError } from './errors.ts';
import type { PageAlert } from './page-alert.svelte.ts';
import { sampleKind } from './sample-format.ts';

/** One row of the dataset list: stored sets have their full header; embedded ones not used yet only the manifest's. */
export interface DatasetEntry {
  id: string;
  title: string;
  description: string;
  source: 'embedded' | 'imported';
  count: number;
  bytes: number;
  classes: number;
  /** Null until an embedded set has been copied into this browser. */
  info: DatasetInfo | null;
}

interface ManifestEntry {
  id: string;
  title: string;
  description: string;
  count: number;
  bytes: number;
  classes: number;
}

export type Importer = 'csv' | 'images' | 'text' | 'cifar10';

/** How the CSV import uses a column that is not the target. */
export type ColumnUse = 'numeric' | 'categorical' | 'ignore';

/** What the datasets state asks of a worker. */
export type DatasetsStateClient = Pick<
  DatasetsClient,
  'listDatasets' | 'datasetSamples' | 'previewCsv' | 'importDataset' | 'deleteDataset'
>;

export class DatasetsState {
  entries = $state.raw<DatasetEntry[]>([]);
  listError = $state<string | null>(null);
  loaded = $state(false);

  selectedId = $state<string | null>(null);
  split = $state<'train' | 'test'>('train');
  offset = $state(0);
  samples = $state.raw<DatasetSamples | null>(null);
  loadingSamples = $state(false);
  samplesError = $state<string | null>(null);
  /** Copying an embedded set into this browser the first time it is opened. */
  copying = $state.raw<{ loaded: number; total: number; stage: string } | null>(null);

  importer = $state<Importer>('csv');
  title = $state('');
  importing = $state(false);
  progress = $state.raw<ImportProgress | null>(null);
  importError = $state<string | null>(null);
  importNotice = $state<string | null>(null);

  csvFile = $state.raw<File | null>(null);
  csvPreview = $state.raw<CsvPreview | null>(null);
  csvLabel = $state(0);
  csvTask = $state<'auto' | 'classification' | 'regression'>('auto');
  csvMissing = $state<'error' | 'skip'>('error');
  /** Per column (by index): number, category or ignore; starts at the importer's guess (unused for the target). */
  csvUse = $state<ColumnUse[]>([]);
  /** A text column with more distinct values is refused; starts at the importer's default. */
  csvMaxCategories = $state(50);
  imageFiles = $state.raw<File[]>([]);
  imageSize = $state(28);
  imageChannels = $state<1 | 3>(1);
  textFile = $state.raw<File | null>(null);
  textMode = $state<'lines' | 'windows'>('lines');
  textLength = $state(16);
  textLowercase = $state(false);
  cifarFiles = $state.raw<File[]>([]);

  confirmDelete = $state<string | null>(null);

  selected = $derived(this.entries.find((e) => e.id === this.selectedId) ?? null);
  /** The sets stored in this browser (the Storage view's list): imported ones and embedded ones used already. */
  stored = $derived(this.entries.flatMap((e) => (e.info ? [e.info] : [])));
  /** Samples on a page of the grid: images are small, rows of a table are not. */
  pageSize = $derived(this.samples && sampleKind(this.samples.dataset) === 'image' ? 48 : 16);

  constructor(
    private readonly client: DatasetsStateClient,
    private readonly confirm: ConfirmState,
    private readonly alert: PageAlert,
  ) {}

  /** Reads the manifest of embedded sets and the stored sets, and merges them (stored headers win). */
  async refresh(): Promise<void> {
    try {
      const [manifest, stored] = await Promise.all([this.manifest(), this.client.listDatasets()]);
      const embedded: DatasetEntry[] = manifest.map((m) => {
        const s = stored.find((d) => d.id === m.id);
        return {
          id: m.id,
          title: s?.title ?? m.title,
          description: s?.description ?? m.description,
          source: 'embedded',
          count: m.count,
          bytes: m.bytes,
          classes: m.classes,
          info: s ?? null,
        };
      });
      const others: DatasetEntry[] = stored
        .filter((d) => !manifest.some((m) => m.id === d.id))
        .map((d) => ({
          id: d.id,
          title: d.title,
          description: d.description,
          source: d.source,
          count: d.count,
          bytes: d.bytes,
          classes: d.classes,
          info: d,
        }));
      this.entries = [...embedded, ...others];
      this.listError = null;
    } catch (err) {
      this.listError = friendlyError(err);
    } finally {
      this.loaded = true;
    }
  }

  private async manifest(): Promise<ManifestEntry[]> {
    const res = await fetch(`${import.meta.env.BASE_URL ?? '/'}datasets/manifest.json`);
    if (!res.ok) throw new Error(`The list of embedded datasets could not be read (${res.status}); reload the page`);
    return (await res.json()) as ManifestEntry[];
  }

  async select(id: string): Promise<void> {
    if (this.selectedId !== id) {
      this.selectedId = id;
      this.split = 'train';
      this.offset = 0;
      this.samples = null;
    }
    await this.loadSamples();
  }

  async showSplit(split: 'train' | 'test'): Promise<void> {
    this.split = split;
    this.offset = 0;
    await this.loadSamples();
  }

  async page(delta: number): Promise<void> {
    const total = this.samples?.total ?? 0;
    this.offset = Math.max(0, Math.min(this.offset + delta * this.pageSize, Math.max(0, total - 1)));
    await this.loadSamples();
  }

  /** Loads the current page of samples; an embedded set not used yet is copied into this browser first. */
  async loadSamples(): Promise<void> {
    const id = this.selectedId;
    if (!id) return;
    const entry = this.entries.find((e) => e.id === id);
    const size = entry?.info && sampleKind(entry.info) === 'image' ? 48 : 16;
    this.loadingSamples = true;
    this.samplesError = null;
    try {
      const onEvent = (e: DatasetProgress) => {
        if (e.kind === 'dataset' && this.selectedId === id)
          this.copying = e.stage === 'ready' ? null : { loaded: e.loaded, total: e.total, stage: e.stage };
      };
      const s = await this.client.datasetSamples(id, this.split, this.offset, size, entry?.info ? undefined : onEvent);
      if (this.selectedId !== id) return;
      this.samples = s;
      if (entry && !entry.info) this.entries = this.entries.map((e) => (e.id === id ? { ...e, info: s.dataset } : e));
    } catch (err) {
      if (this.selectedId === id) this.samplesError = friendlyError(err);
    } finally {
      if (this.selectedId === id) {
        this.loadingSamples = false;
        this.copying = null;
      }
    }
  }

  async chooseCsv(file: File | null): Promise<void> {
    this.csvFile = file;
    this.csvPreview = null;
    this.importError = null;
    if (!file) return;
    if (!this.title) this.title = file.name.replace(/\.[^.]+$/, '');
    try {
      const p = await this.client.previewCsv({ name: file.name, data: file });
      this.csvPreview = p;
      this.csvLabel = p.suggestedLabel;
      this.csvUse = p.columns.map((c) => c.type);
      this.csvMaxCategories = p.categoryLimit.default;
    } catch (err) {
      this.importError = friendlyError(err);
    }
  }

  chooseFiles(kind: 'images' | 'cifar10' | 'text', files: File[]): void {
    this.importError = null;
    if (kind === 'images') this.imageFiles = files;
    else if (kind === 'cifar10') this.cifarFiles = files;
    else this.textFile = files[0] ?? null;
    if (!this.title && files.length) {
      const first = files[0];
      this.title =
        kind === 'images'
          ? first.webkitRelativePath.split('/')[0] || 'Images'
          : kind === 'cifar10'
            ? 'CIFAR-10'
            : first.name.replace(/\.[^.]+$/, '');
    }
  }

  /** The request for the chosen importer, or a sentence saying what is still missing. */
  private source(): ImportSource | string {
    switch (this.importer) {
      case 'csv':
        if (!this.csvFile) return 'Choose a CSV file first.';
        if ((this.csvMaxCategories as number | null) === null && this.csvPreview)
          return `The ${this.csvPreview.controls.limit} is empty: enter a whole number from 2 to ${this.csvPreview.categoryLimit.max}.`;
        return { kind: 'csv', file: { name: this.csvFile.name, data: this.csvFile }, options: this.csvOptions() };
      case 'images':
        if (!this.imageFiles.length) return 'Choose a folder of images first (one sub-folder per class).';
        return {
          kind: 'images',
          files: this.imageFiles.map((f) => ({ name: f.webkitRelativePath || f.name, data: f })),
          options: { height: this.imageSize, width: this.imageSize, channels: this.imageChannels },
        };
      case 'text':
        if (!this.textFile) return 'Choose a text file first.';
        return {
          kind: 'text',
          file: { name: this.textFile.name, data: this.textFile },
          options: { mode: this.textMode, length: this.textLength, lowercase: this.textLowercase },
        };
      case 'cifar10':
        if (!this.cifarFiles.length) return 'Choose the CIFAR-10 .bin batch files first.';
        return { kind: 'cifar10', files: this.cifarFiles.map((f) => ({ name: f.name, data: f })) };
    }
  }

  /**
   * The CSV importer's options from the form: ignored columns by index, and a type only where the learner changed
   * the guess (the importer guesses from the rows it keeps). The importer checks the category limit's range.
   */
  private csvOptions(): CsvOptions {
    const columns = this.csvPreview?.columns ?? [];
    const others = columns.filter((c) => c.index !== this.csvLabel);
    const use = (i: number) => this.csvUse[i] ?? columns[i].type;
    const types: Record<string, 'numeric' | 'categorical'> = {};
    for (const c of others) {
      const u = use(c.index);
      if (u !== 'ignore' && u !== c.type) types[c.name] = u;
    }
    return {
      label: this.csvLabel,
      task: this.csvTask,
      missing: this.csvMissing,
      ignore: others.filter((c) => use(c.index) === 'ignore').map((c) => c.index),
      types,
      maxCategories: this.csvMaxCategories,
    };
  }

  /** Imports with the chosen importer; on success the new set is listed and selected. */
  async runImport(): Promise<void> {
    const source = this.source();
    this.importError = null;
    this.importNotice = null;
    if (typeof source === 'string') {
      this.importError = source;
      return;
    }
    const request: ImportRequest = { title: this.title.trim(), source };
    this.importing = true;
    this.progress = { kind: 'import', stage: 'read', done: 0, total: 1 };
    try {
      const result = await this.client.importDataset(request, (p) => (this.progress = p));
      const skipped = result.skipped.length
        ? ` ${result.skipped.length} left out: ${result.skipped.slice(0, 3).join('; ')}${result.skipped.length > 3 ? '; …' : ''}`
        : '';
      this.importNotice = `Imported “${result.dataset.title}”: ${result.dataset.count.toLocaleString('en-US')} samples.${skipped}`;
      this.title = '';
      await this.refresh();
      await this.select(result.dataset.id);
    } catch (err) {
      this.importError = `The import failed and nothing was stored. ${friendlyError(err)}`;
    } finally {
      this.importing = false;
      this.progress = null;
    }
  }

  /** Deletes a set after the Datasets view's inline confirmation; a failure is said in the list. */
  async remove(id: string): Promise<void> {
    this.confirmDelete = null;
    try {
      await this.delete(id);
    } catch (err) {
      this.listError = friendlyError(err);
    }
  }

  /** Asks first (in a dialog), then deletes a stored dataset; resolves whether it was deleted. */
  async confirmRemove(id: string, title: string): Promise<boolean> {
    const ok = await this.confirm.ask({
      title: `Delete the dataset “${title}”?`,
      message:
        'It is removed from this browser. An embedded set is copied in again from the app the next time a model uses it; an imported set has to be imported again from its files, and runs trained on it cannot resume until then.',
      confirmLabel: 'Delete dataset',
    });
    if (!ok) return false;
    try {
      await this.delete(id);
    } catch (err) {
      this.alert.report(err);
    }
    return true;
  }

  /** An embedded set is copied in again from the app the next time it is used. */
  private async delete(id: string): Promise<void> {
    await this.client.deleteDataset(id);
    if (this.selectedId === id) {
      this.selectedId = null;
      this.samples = null;
    }
    await this.refresh();
  }
}
