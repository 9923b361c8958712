// The typed API of the datasets worker: importing files as datasets, listing, browsing, exporting and deleting
// them. The types come from src/storage, which produces them; large arrays come back transferred.
import type {
  DatasetInfo,
  ImportFileRef,
  ImportProgress,
  ImportRequest,
  ImportResult,
} from '../storage/dataset-import.ts';
import type { DatasetSamples } from '../storage/dataset-samples.ts';
import type { DatasetExport, ExportProgress } from '../storage/dataset-export.ts';
import type { DatasetProgress } from '../storage/dataset-loader.ts';
import type { StoreUsage } from '../storage/usage.ts';
import type { OpenedProject, ProjectExport, SaveProjectOptions } from '../storage/project-store.ts';
import type { CsvPreview } from '../data/importers/csv-preview.ts';

export type { CsvOptions } from '../data/importers/csv.ts';
export type { CsvPreview, CsvColumnPreview } from '../data/importers/csv-preview.ts';
export type { TextOptions } from '../data/importers/text.ts';
export type { CifarOptions } from '../data/importers/cifar.ts';
export type { ImageOptions } from '../data/importers/images.ts';
export type { ImportSource } from '../storage/dataset-import.ts';
export type {
  DatasetExport,
  DatasetInfo,
  DatasetProgress,
  DatasetSamples,
  ExportProgress,
  ImportFileRef,
  ImportProgress,
  ImportRequest,
  ImportResult,
  StoreUsage,
  OpenedProject,
  ProjectExport,
  SaveProjectOptions,
};

export interface DatasetsApi {
  /** Imports files as a new dataset (one IndexedDB transaction: a bad file leaves nothing stored). */
  importDataset(request: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportResult>;
  /** A CSV file's first rows and its columns' guessed types and examples, for the import form's choices. */
  previewCsv(file: ImportFileRef): Promise<CsvPreview>;
  /** Datasets stored in this browser (embedded ones appear once first used). */
  listDatasets(): Promise<DatasetInfo[]>;
  /** Deletes a stored dataset; runs that used it will ask for it to be imported again. */
  deleteDataset(id: string): Promise<void>;
  /**
   * Up to 256 samples of a dataset's split from `offset`, with class counts (an embedded set is copied in first, with
   * `dataset` events).
   */
  datasetSamples(
    id: string,
    split: 'train' | 'test',
    offset: number,
    count: number,
    onEvent?: (e: DatasetProgress) => void,
  ): Promise<DatasetSamples>;
  /**
   * A stored dataset as a zip (PNG folders per class, CSV or text, plus dataset.json), with progress while images are
   * encoded.
   */
  exportDataset(id: string, onProgress?: (p: ExportProgress) => void): Promise<DatasetExport>;
  /** The studio's own count of the bytes it stores: each dataset, each run with its checkpoint, and the rest. */
  storeUsage(): Promise<StoreUsage>;
  /** A run as a .dlstudio project (dataset, model, settings and seed; its checkpoint and curves unless left out). */
  saveRunProject(runId: string, options?: SaveProjectOptions): Promise<ProjectExport>;
  /** A dataset alone as a .dlstudio project. */
  saveDatasetProject(datasetId: string): Promise<ProjectExport>;
  /** Opens a .dlstudio file: checks it whole, then stores its dataset, run and checkpoint in one transaction. */
  openProject(file: ImportFileRef): Promise<OpenedProject>;
}
