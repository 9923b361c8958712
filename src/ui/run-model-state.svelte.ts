// State of the "Run a model" view and of the Storage view's model list: imported models (stored in IndexedDB by the
// models worker), the chosen one with its input form, image settings, a batch of pictures or CSV rows with its
// progress, and the results (top classes or raw summaries), downloadable as CSV. All work runs in the worker.
import type { BatchInput, BatchProgress, BatchResult, ModelInfo, PixelScale } from '../protocol/models.ts';
import type { ModelsClient } from './clients/models-client.ts';
import type { TrainingClient } from './clients/training-client.ts';
import type { ConfirmState } from './confirm-state.svelte.ts';
import { friendlyError } from './errors.ts';
import { download } from './export-state.svelte.ts';
import { resultsCsv } from './model-results.ts';

/** What the view asks of the models worker. */
export type RunModelClient = Pick<
  ModelsClient,
  'importModel' | 'listModels' | 'deleteModel' | 'exportModel' | 'runBatch'
>;

/** How pixels become the model's floats, as the view offers it. */
export const PIXEL_SCALES: { id: PixelScale; label: string }[] = [
  { id: 'unit', label: '0 to 1 (pixel ÷ 255)' },
  { id: 'signed', label: '−1 to 1' },
  { id: 'imagenet', label: 'ImageNet mean and deviation' },
  { id: 'bytes', label: '0 to 255 (raw bytes)' },
];

/** The size used for free image dimensions unless the person picks another: what most ImageNet models take. */
export const DEFAULT_IMAGE_SIZE = 224;

export class RunModelState {
  models = $state.raw<ModelInfo[]>([]);
  selectedId = $state<string | null>(null);
  readonly selected = $derived(this.models.find((m) => m.id === this.selectedId) ?? null);
  /** The file being imported, or null. */
  importing = $state<string | null>(null);
  /** A sentence about the last failure (a bad file, a picture the model cannot read). */
  error = $state<string | null>(null);
  /** A sentence about the last success (import, export). */
  notice = $state<string | null>(null);
  scale = $state<PixelScale>('unit');
  /** Height and width for models whose picture size is free. */
  size = $state(DEFAULT_IMAGE_SIZE);
  /** The batch in progress, or null. */
  progress = $state.raw<BatchProgress | null>(null);
  result = $state.raw<BatchResult | null>(null);
  /** The first picture of the last batch, shown beside its answer (an object URL, revoked when replaced). */
  preview = $state<string | null>(null);
  private loaded = false;

  constructor(
    private readonly client: RunModelClient,
    private readonly confirm: ConfirmState,
    /** The studio's own runs come in as their ONNX export (written by the training worker). */
    private readonly training: Pick<TrainingClient, 'exportCheckpoint'> | null = null,
  ) {}

  /** Lists the stored models (once, unless `force`), keeping the choice if it still exists. */
  async load(force = false): Promise<void> {
    if (this.loaded && !force) return;
    this.loaded = true;
    try {
      this.models = await this.client.listModels();
      if (!this.selected) this.selectedId = this.models[0]?.id ?? null;
    } catch (err) {
      this.loaded = false;
      this.error = friendlyError(err);
    }
  }

  select(id: string | null): void {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.clearResult();
  }

  /** Imports a model file (and an optional class-names file); nothing is stored when it cannot be read. */
  importFile(file: File, labels: File | null = null, name = ''): Promise<void> {
    return this.importBytes(file.name, async () => ({
      bytes: new Uint8Array(await file.arrayBuffer()),
      labels: labels ? await labels.text() : null,
      name,
    }));
  }

  /**
   * Imports one of the studio's trained runs, as its ONNX export of the last checkpoint (class names included), so
   * it runs here like any imported model: on a whole folder of pictures, with the results as CSV.
   */
  importRun(runId: string, runName: string): Promise<void> {
    const training = this.training;
    if (!training) return Promise.resolve();
    return this.importBytes(runName, async () => {
      const out = await training.exportCheckpoint(runId, 'onnx');
      return { bytes: out.bytes, labels: null, name: `${runName} (step ${out.step})`, fileName: out.fileName };
    });
  }

  /** One import: the bytes read by `read`, opened and stored by the worker; the list and the choice follow. */
  private async importBytes(
    what: string,
    read: () => Promise<{ bytes: Uint8Array; labels: string | null; name: string; fileName?: string }>,
  ): Promise<void> {
    if (this.importing) return;
    this.importing = what;
    this.error = null;
    this.notice = null;
    try {
      const { bytes, labels, name, fileName = what } = await read();
      const info = await this.client.importModel(bytes, fileName, name, labels);
      this.models = [info, ...this.models.filter((m) => m.id !== info.id)];
      this.select(info.id);
      this.notice = `Imported ${fileName}: ${info.engine.engine === 'studio' ? 'the studio’s own engine runs it' : 'onnxruntime-web runs it'}.`;
    } catch (err) {
      this.error = friendlyError(err);
    } finally {
      this.importing = null;
    }
  }

  /** Runs the chosen model on pictures, one call each, with progress. */
  runImages(files: File[]): Promise<void> {
    if (files.length === 0) return Promise.resolve();
    this.showPreview(files[0]);
    return this.run({
      kind: 'images',
      files: files.map((f) => ({ name: f.name, data: f })),
      scale: this.scale,
      height: this.size,
      width: this.size,
    });
  }

  /** Runs the chosen model on each row of a CSV text. */
  runTable(csv: string): Promise<void> {
    this.showPreview(null);
    return this.run({ kind: 'table', csv });
  }

  private async run(input: BatchInput): Promise<void> {
    const model = this.selected;
    if (!model || this.progress) return;
    this.error = null;
    this.result = null;
    const total = input.kind === 'images' ? input.files.length : 0;
    this.progress = { done: 0, total };
    try {
      this.result = await this.client.runBatch(model.id, input, (p) => (this.progress = p));
    } catch (err) {
      this.error = friendlyError(err);
    } finally {
      this.progress = null;
    }
  }

  private showPreview(file: File | null): void {
    if (this.preview) URL.revokeObjectURL(this.preview);
    this.preview = file ? URL.createObjectURL(file) : null;
  }

  clearResult(): void {
    this.result = null;
    this.error = null;
    this.showPreview(null);
  }

  /** Offers the results as a CSV file. */
  downloadCsv(): void {
    const model = this.selected;
    if (!this.result || !model) return;
    download(new TextEncoder().encode(resultsCsv(this.result)), `${model.name} results.csv`, 'text/csv');
  }

  /** Offers a stored model's original file as a download. */
  async exportModel(id: string): Promise<void> {
    try {
      const out = await this.client.exportModel(id);
      download(out.bytes, out.fileName, 'application/octet-stream');
      this.notice = `Exported ${out.fileName}, the file as it was imported.`;
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  /** Deletes a stored model after asking; true when it was deleted. */
  async confirmDelete(id: string): Promise<boolean> {
    const model = this.models.find((m) => m.id === id);
    if (!model) return false;
    const ok = await this.confirm.ask({
      title: `Delete the model “${model.name}”?`,
      message: `Its file (${model.fileName}) is removed from this browser. Runs and datasets are not touched.`,
      confirmLabel: 'Delete model',
    });
    if (!ok) return false;
    try {
      await this.client.deleteModel(id);
      this.models = this.models.filter((m) => m.id !== id);
      if (this.selectedId === id) this.select(this.models[0]?.id ?? null);
      return true;
    } catch (err) {
      this.error = friendlyError(err);
      return false;
    }
  }
}
