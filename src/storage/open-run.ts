// A stored run brought into a worker: its dataset (parsed once per worker), its model and trainer, restored from
// its last checkpoint. The training and the inference workers open runs the same way, so both see the same
// training split, validation split and weights.
import { Model, Trainer, type ArrayDataset, type Engine } from '../engine/index.ts';
import { DEFAULT_VALIDATION_SPLIT } from '../engine/train/run-setup.ts';
import { head, trainValidation } from '../data/split.ts';
import type { PackHeader } from '../data/pack.ts';
import { checkpointProblem, modelShapes, restoreCheckpoint } from './checkpoints.ts';
import { CorruptCheckpointError, StorageEvictedError } from './errors.ts';
import type { RunRecord, StudioDb } from './db.ts';
import { loadDataset, type DatasetProgress } from './dataset-loader.ts';

/** A run ready to train or to answer questions: its record, model, trainer and test split. */
export interface OpenRun {
  run: RunRecord;
  model: Model;
  trainer: Trainer;
  test: ArrayDataset;
  /** The dataset's pack header (vocabulary, class names), null for generated toy sets. */
  header: PackHeader | null;
}

/**
 * Reads run `runId` and builds its model and trainer from the last checkpoint (fresh weights without one). A damaged
 * checkpoint throws CorruptCheckpointError naming the run; one the browser cleared throws StorageEvictedError.
 */
export async function openRun(
  engine: Engine,
  db: StudioDb,
  runId: string,
  onEvent?: (e: DatasetProgress) => void,
): Promise<OpenRun> {
  const run = await db.get('runs', runId);
  if (!run) throw new Error(`There is no run with id ${runId}; it may have been deleted.`);
  return openRecord(engine, db, run, onEvent);
}

/** Like openRun, for a run record already read. */
export async function openRecord(
  engine: Engine,
  db: StudioDb,
  run: RunRecord,
  onEvent?: (e: DatasetProgress) => void,
): Promise<OpenRun> {
  const ds = await loadDataset(db, run.datasetId, onEvent);
  const all = run.limit ? head(ds.train, run.limit) : ds.train;
  const [train, val] = trainValidation(all, run.config.validationSplit ?? DEFAULT_VALIDATION_SPLIT, run.config.seed);
  const model = new Model(engine, run.spec);
  let trainer: Trainer | null = null;
  try {
    trainer = new Trainer(engine, model, run.config, train, val);
    const ckpt = await db.get('checkpoints', run.id);
    // The run's record is written in the checkpoint's own transaction: a step without its checkpoint means the
    // browser cleared stored data, and starting from fresh weights would silently lose the training.
    if (!ckpt && run.checkpointStep != null)
      throw new StorageEvictedError(`The checkpoint of “${run.name}” (step ${run.checkpointStep})`);
    if (ckpt) {
      const problem = checkpointProblem(ckpt, modelShapes(trainer));
      if (problem) throw new CorruptCheckpointError(run.id, run.name, problem);
      restoreCheckpoint(trainer, ckpt);
    }
    return { run, model, trainer, test: ds.test, header: ds.header };
  } catch (err) {
    // A checkpoint that does not fit (or a lost device) must not leave the tensors behind.
    trainer?.dispose();
    model.dispose();
    throw err;
  }
}

/** Frees a run's GPU tensors (its trainer's optimizer state and its model's parameters). */
export function closeRun(r: OpenRun): void {
  r.trainer.dispose();
  r.model.dispose();
}
