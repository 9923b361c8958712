// The datasets worker: imports files as datasets, lists, browses, exports and deletes them, and counts what the
// studio stores. It needs no GPU, so paging through MNIST or zipping a set never competes with training.
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';
import { openStudioDb, type StudioDb } from '../src/storage/db.ts';
import { importDataset, listDatasets, previewCsvFile, removeDataset } from '../src/storage/dataset-import.ts';
import { datasetSamples } from '../src/storage/dataset-samples.ts';
import { exportStoredDataset } from '../src/storage/dataset-export.ts';
import { openProject, saveDatasetProject, saveRunProject } from '../src/storage/project-store.ts';
import { bytesOf } from '../src/data/importers/common.ts';
import { storeUsage } from '../src/storage/usage.ts';
import type { DatasetsApi } from '../src/protocol/datasets.ts';

let database: Promise<StudioDb> | null = null;
const getDb = () => (database ??= openStudioDb());

const api: DatasetsApi = {
  importDataset: async (request, onProgress) => importDataset(await getDb(), request, onProgress),
  previewCsv: (file) => previewCsvFile(file),
  listDatasets: async () => listDatasets(await getDb()),
  deleteDataset: async (id) => removeDataset(await getDb(), id),
  async datasetSamples(id, split, offset, count, onEvent) {
    const s = await datasetSamples(await getDb(), id, split, offset, count, onEvent);
    return Comlink.transfer(s, [s.x.buffer, s.y.buffer]);
  },
  async exportDataset(id, onProgress) {
    const out = await exportStoredDataset(await getDb(), id, onProgress);
    return Comlink.transfer(out, [out.bytes.buffer]);
  },
  storeUsage: async () => storeUsage(await getDb()),
  async saveRunProject(runId, options) {
    const out = await saveRunProject(await getDb(), runId, options);
    return Comlink.transfer(out, [out.bytes.buffer]);
  },
  async saveDatasetProject(id) {
    const out = await saveDatasetProject(await getDb(), id);
    return Comlink.transfer(out, [out.bytes.buffer]);
  },
  openProject: async (file) => openProject(await getDb(), await bytesOf(file), file.name),
};

answerPings();
Comlink.expose(api);
