// Building a new run's record in the training worker: the options checked (preset, model, dataset, settings), the
// model checked against the device and the dataset, and the run named after both. Shared by createRun and imports.
import { PRESETS } from '../src/engine/index.ts';
import { checkFits, defaultTraining, runLimits, taskOf, trainConfig } from '../src/engine/train/run-setup.ts';
import { checkSpec } from '../src/engine/nn/spec-check.ts';
import type { DeviceBudget } from '../src/engine/nn/memory-budget.ts';
import { lossFor, type DatasetShape } from '../src/engine/nn/spec-fit.ts';
import type { RunRecord, StudioDb } from '../src/storage/db.ts';
import { loadDataset } from '../src/storage/dataset-loader.ts';
import type { RunOptions, WorkerEvent } from '../src/protocol/training.ts';

/** A run's title names its model and its dataset (a preset's title already naming its set is left as it is). */
function runTitle(model: string, dataset: string): string {
  return model.toLowerCase().includes(dataset.toLowerCase()) ? model : `${model} on ${dataset}`;
}

/** What building a run needs from its worker: the database, the device's budget, and its dataset descriptions. */
export interface RunDeps {
  db: StudioDb;
  budget: DeviceBudget;
  datasetShape(id: string, onEvent?: (e: WorkerEvent) => void): Promise<DatasetShape>;
}

/**
 * Checks a new run's options (a preset, or a model and a dataset), its model and the model's fit to its dataset, and
 * returns its record, not yet stored: createRun stores it as it is, a model import with its first checkpoint.
 */
export async function newRunRecord(
  o: RunOptions,
  deps: RunDeps,
  onEvent?: (e: WorkerEvent) => void,
): Promise<RunRecord> {
  const preset = o.presetId === undefined ? null : PRESETS.find((p) => p.id === o.presetId);
  if (preset === undefined)
    throw new Error(`Unknown preset "${o.presetId}". Choose one of: ${PRESETS.map((p) => p.id).join(', ')}.`);
  const datasetId = o.datasetId ?? preset?.dataset;
  const spec = o.spec ?? preset?.spec;
  if (!datasetId || !spec) throw new Error('Choose a preset, or both a dataset and a model to train on it.');
  // Preflight before any dataset or weight is touched: a model far too large would otherwise fill weights on the
  // CPU for minutes before a GPU limit is seen.
  if (o.spec) {
    const pre = checkSpec(o.spec, null, o.batchSize ?? preset?.training.batchSize ?? 64, deps.budget);
    if (!pre.ok) throw new Error(`The model cannot be trained here: ${pre.error?.message}`);
  }
  const db = deps.db;
  // Parsed here once (or by the Model view's request still in flight); the start that follows finds it cached.
  const shape = await deps.datasetShape(datasetId, onEvent);
  const ds = await loadDataset(db, datasetId, onEvent);
  const title = ds.header?.title ?? datasetId;
  if (o.spec) {
    const check = checkSpec(o.spec);
    if (!check.ok)
      throw new Error(`The model cannot be built: ${check.error?.path ?? 'model'}: ${check.error?.message}`);
  }
  if (o.spec || o.datasetId) checkFits(spec, shape, title);
  // The loss follows the dataset's task (a preset's own recipe otherwise), whatever model trains on it.
  const defaults = preset ? preset.training : defaultTraining(ds);
  const config = trainConfig(o, { ...defaults, loss: lossFor(taskOf(ds)) }, ds.header?.ignoreIndex ?? -100);
  const { limit, testLimit, checkpointEvery } = runLimits(o);
  const now = Date.now();
  return {
    id: crypto.randomUUID(),
    name: `${runTitle(preset && !o.spec && datasetId === preset.dataset ? preset.title : spec.name, title)} #${new Date(now).toLocaleTimeString()}`,
    presetId: preset?.id ?? null,
    datasetId,
    spec,
    config,
    limit,
    testLimit,
    checkpointEvery,
    status: 'created',
    checkpointStep: null,
    createdAt: now,
    updatedAt: now,
    history: [],
  };
}
