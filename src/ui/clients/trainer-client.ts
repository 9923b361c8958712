// The page's handle on the trainer worker, wrapping its Comlink API (event callbacks are proxied).
import * as Comlink from 'comlink';
import type {
  ExportProgress,
  GenerateOptions,
  GradientSource,
  ImportFileRef,
  ImportProgress,
  ImportRequest,
  RunOptions,
  TrainerApi,
  WorkerEvent,
} from '../../protocol/trainer.ts';
import type { ModelSpec } from '../../engine/index.ts';

export class TrainerClient {
  private worker = new Worker(new URL('../../../workers/trainer.worker.ts', import.meta.url), {
    type: 'module',
    name: 'trainer',
  });
  readonly api = Comlink.wrap<TrainerApi>(this.worker);

  presets() {
    return this.api.presets();
  }
  listRuns() {
    return this.api.listRuns();
  }
  createRun(o: RunOptions, onEvent: (e: WorkerEvent) => void) {
    return this.api.createRun(o, Comlink.proxy(onEvent));
  }
  start(runId: string, onEvent: (e: WorkerEvent) => void) {
    return this.api.start(runId, Comlink.proxy(onEvent));
  }
  singleStep(runId: string, onEvent: (e: WorkerEvent) => void) {
    return this.api.singleStep(runId, Comlink.proxy(onEvent));
  }
  pause() {
    return this.api.pause();
  }
  stop() {
    return this.api.stop();
  }
  evaluate(runId: string) {
    return this.api.evaluate(runId);
  }
  predict(runId: string, input: Float32Array | Int32Array, count: number) {
    return this.api.predict(runId, Comlink.transfer(input, [input.buffer]), count);
  }
  exportCheckpoint(runId: string) {
    return this.api.exportCheckpoint(runId);
  }
  checkSpec(spec: ModelSpec) {
    return this.api.checkSpec(spec);
  }
  runDetails(runId: string) {
    return this.api.runDetails(runId);
  }
  generate(runId: string, options: GenerateOptions) {
    return this.api.generate(runId, options);
  }
  classifyText(runId: string, text: string) {
    return this.api.classifyText(runId, text);
  }
  gradientHistograms(runId: string, source: GradientSource) {
    return this.api.gradientHistograms(runId, source);
  }
  testSample(runId: string, index: number) {
    return this.api.testSample(runId, index);
  }
  weightHistograms(runId: string) {
    return this.api.weightHistograms(runId);
  }
  deleteRun(runId: string) {
    return this.api.deleteRun(runId);
  }
  listDatasets() {
    return this.api.listDatasets();
  }
  previewCsv(file: ImportFileRef) {
    return this.api.previewCsv(file);
  }
  importDataset(request: ImportRequest, onProgress: (p: ImportProgress) => void) {
    return this.api.importDataset(request, Comlink.proxy(onProgress));
  }
  deleteDataset(id: string) {
    return this.api.deleteDataset(id);
  }
  exportDataset(id: string, onProgress?: (p: ExportProgress) => void) {
    return this.api.exportDataset(id, onProgress && Comlink.proxy(onProgress));
  }

  datasetSamples(
    id: string,
    split: 'train' | 'test',
    offset: number,
    count: number,
    onEvent?: (e: WorkerEvent) => void,
  ) {
    return this.api.datasetSamples(id, split, offset, count, onEvent && Comlink.proxy(onEvent));
  }
  dispose(): void {
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
