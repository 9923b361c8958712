// The page's handle on the datasets worker (import, list, browse, export, delete), wrapping its Comlink API.
import * as Comlink from 'comlink';
import { WorkerLink } from './worker-link.ts';
import type {
  DatasetProgress,
  DatasetsApi,
  ExportProgress,
  ImportFileRef,
  ImportProgress,
  ImportRequest,
  SaveProjectOptions,
} from '../../protocol/datasets.ts';

export class DatasetsClient {
  private link = new WorkerLink<DatasetsApi>(
    'datasets',
    () =>
      new Worker(new URL('../../../workers/datasets.worker.ts', import.meta.url), { type: 'module', name: 'datasets' }),
  );
  private api = this.link.api;

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
  /** The studio's own byte count per dataset, per run and the rest (the Storage view). */
  storeUsage() {
    return this.api.storeUsage();
  }
  exportDataset(id: string, onProgress?: (p: ExportProgress) => void) {
    return this.api.exportDataset(id, onProgress && Comlink.proxy(onProgress));
  }
  saveRunProject(runId: string, options?: SaveProjectOptions) {
    return this.api.saveRunProject(runId, options);
  }
  saveDatasetProject(datasetId: string) {
    return this.api.saveDatasetProject(datasetId);
  }
  /** Opens a .dlstudio file (the File itself crosses to the worker; nothing is copied here). */
  openProject(file: ImportFileRef) {
    return this.api.openProject(file);
  }
  datasetSamples(
    id: string,
    split: 'train' | 'test',
    offset: number,
    count: number,
    onEvent?: (e: DatasetProgress) => void,
  ) {
    return this.api.datasetSamples(id, split, offset, count, onEvent && Comlink.proxy(onEvent));
  }
  dispose(): void {
    this.link.dispose();
  }
}
