// The models worker's open models (one at a time: a model's GPU memory and ORT session are freed when another is
// opened), and the batch loop that turns pictures or table rows into model calls and summaries.
import type { Engine } from '../src/engine/index.ts';
import { decodeWithCanvas } from '../src/data/importers/images.ts';
import { loadModel, type LoadedModel } from '../src/interop/load.ts';
import type { HostTensor } from '../src/interop/model.ts';
import { csvRows, imageTensor, inputForm, rowTensor } from '../src/interop/model-inputs.ts';
import { summarizeOutput } from '../src/interop/model-outputs.ts';
import type { ModelRecord, StudioDb } from '../src/storage/db.ts';
import { getModel, modelFile } from '../src/storage/models.ts';
import type { BatchInput, BatchProgress, BatchResult, ItemResult } from '../src/protocol/models.ts';

export class ModelRunner {
  private open: { id: string; loaded: Promise<LoadedModel> } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly getDb: () => Promise<StudioDb>,
    /** Our engine, or null where this worker has no WebGPU (models then run on ORT's CPU provider). */
    private readonly getEngine: () => Promise<Engine | null>,
  ) {}

  /** Runs calls one at a time: an ORT session and our engine each take one call at once. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Keeps a model just loaded (at import) as the open one. */
  adopt(id: string, loaded: LoadedModel): void {
    this.close();
    this.open = { id, loaded: Promise.resolve(loaded) };
  }

  /** Frees the open model (when it is deleted, or the device that held it was lost). */
  close(id?: string): void {
    if (!this.open || (id && this.open.id !== id)) return;
    const { loaded } = this.open;
    this.open = null;
    void loaded.then(
      (l) => l.model.dispose(),
      () => {},
    );
  }

  /** The stored model, opened (from its file) unless it is the open one. */
  async use(id: string): Promise<{ record: ModelRecord; loaded: LoadedModel }> {
    const db = await this.getDb();
    const record = await getModel(db, id);
    if (this.open?.id !== id) {
      this.close();
      const loading = (async () => loadModel(await modelFile(db, id), record.fileName, await this.getEngine()))();
      this.open = { id, loaded: loading };
      loading.catch(() => {
        if (this.open?.loaded === loading) this.open = null;
      });
    }
    return { record, loaded: await this.open!.loaded };
  }

  /** Runs a model on each picture or row of `input`, one call each, reporting progress after each. */
  async batch(id: string, input: BatchInput, onProgress?: (p: BatchProgress) => void): Promise<BatchResult> {
    const { record, loaded } = await this.use(id);
    const form = inputForm(record.signature);
    const items: { name: string; make: () => Promise<HostTensor> }[] = [];
    if (input.kind === 'images') {
      if (form.kind !== 'image')
        throw new Error(`“${record.name}” does not take pictures. ${form.kind === 'other' ? form.reason : ''}`.trim());
      const h = form.height ?? input.height;
      const w = form.width ?? input.width;
      if (![h, w].every((d) => Number.isInteger(d) && d >= 1 && d <= 4096))
        throw new Error(`Pictures are read at ${h}×${w} pixels, which is not a size; choose a size from 1 to 4096.`);
      for (const f of input.files)
        items.push({
          name: f.name,
          make: async () => {
            const rgba = await decodeWithCanvas({ path: f.name, data: f.data }, w, h).catch(() => {
              throw new Error(`${f.name} is not a picture this browser can open (PNG, JPEG, GIF, WebP, BMP or AVIF).`);
            });
            return imageTensor(rgba, form, h, w, input.scale);
          },
        });
    } else {
      if (form.kind !== 'table')
        throw new Error(
          `“${record.name}” does not take table rows. ${form.kind === 'other' ? form.reason : ''}`.trim(),
        );
      const { rows } = csvRows(input.csv, form.features);
      rows.forEach((row, i) => items.push({ name: `row ${i + 1}`, make: async () => rowTensor(row, form) }));
    }
    const results: ItemResult[] = [];
    let ms = 0;
    for (const item of items) {
      try {
        const feed = await item.make();
        const started = performance.now();
        const out = await loaded.model.run({ [form.input]: feed });
        ms += performance.now() - started;
        const outputs = record.signature.outputs.map((s) => summarizeOutput(s.name, out[s.name], record.labels));
        results.push({ name: item.name, outputs, error: null });
      } catch (e) {
        results.push({ name: item.name, outputs: [], error: (e as Error).message ?? String(e) });
      }
      onProgress?.({ done: results.length, total: items.length });
    }
    return { items: results, engine: loaded.choice, opTable: loaded.model.opTable?.() ?? [], ms };
  }
}
