// The page's handle on the training worker, wrapping its Comlink API (event callbacks are proxied).
import * as Comlink from 'comlink';
import { WorkerLink } from './worker-link.ts';
import type { ModelSpec } from '../../engine/index.ts';
import type { ExportFormat, ModelFileData, RunOptions, TrainingApi, WorkerEvent } from '../../protocol/training.ts';

export class TrainingClient {
  private link = new WorkerLink<TrainingApi>(
    'training',
    () =>
      new Worker(new URL('../../../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'training' }),
  );
  private api = this.link.api;

  presets() {
    return this.api.presets();
  }
  listRuns() {
    return this.api.listRuns();
  }
  createRun(o: RunOptions, onEvent: (e: WorkerEvent) => void) {
    return this.api.createRun(o, Comlink.proxy(onEvent));
  }
  /** Imports a TF.js layers model as a run; the files' bytes are transferred, not copied. */
  importTfjs(files: ModelFileData[], o: RunOptions, onEvent: (e: WorkerEvent) => void) {
    return this.api.importTfjs(
      Comlink.transfer(
        files,
        files.map((f) => f.bytes),
      ),
      o,
      Comlink.proxy(onEvent),
    );
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
  /** Stops the training run; with nothing training, marks run `runId` stopped. */
  stop(runId?: string) {
    return this.api.stop(runId);
  }
  phase() {
    return this.api.phase();
  }
  checkSpec(spec: ModelSpec, datasetId?: string, batchSize?: number) {
    return this.api.checkSpec(spec, datasetId, batchSize);
  }
  proposals(datasetId: string, onEvent?: (e: WorkerEvent) => void) {
    return this.api.proposals(datasetId, onEvent ? Comlink.proxy(onEvent) : undefined);
  }
  fieldChoices() {
    return this.api.fieldChoices();
  }
  runDetails(runId: string) {
    return this.api.runDetails(runId);
  }
  /** The allowed range of each numeric training setting (the Train form's min and max). */
  settingRanges() {
    return this.api.settingRanges();
  }
  exportCheckpoint(runId: string, format?: ExportFormat) {
    return this.api.exportCheckpoint(runId, format);
  }
  deleteRun(runId: string) {
    return this.api.deleteRun(runId);
  }
  restartRun(runId: string) {
    return this.api.restartRun(runId);
  }
  loseDeviceForTesting() {
    return this.api.loseDeviceForTesting();
  }
  dispose(): void {
    this.link.dispose();
  }
}
