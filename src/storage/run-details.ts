// What the views need to redraw a stored run after a reload: its curves, spec, settings and label names, read
// from the run record and the dataset's small header record (the pack itself is not read).
import { parameterShapes, type ModelSpec, type TrainConfig, type TrainEvent } from '../engine/index.ts';
import { checkpointProblem } from './checkpoints.ts';
import type { CheckpointRecord, RunRecord, StudioDb } from './db.ts';
import { datasetHeader } from './datasets.ts';
import { CorruptCheckpointError, StorageEvictedError } from './errors.ts';

/**
 * Why a run's stored checkpoint cannot be used: `corrupt` (a tensor missing or cut short) or `evicted` (the record
 * says a checkpoint was saved, but the browser cleared it). The sentence names the run; the page offers to delete
 * the run or start it again from step 0 (only the latest checkpoint is kept, so there is none to roll back to).
 */
export interface CheckpointDamage {
  kind: 'corrupt' | 'evicted';
  message: string;
}

/** What is wrong with run `run`'s stored checkpoint `ckpt` (undefined: none stored), or null when it is usable. */
export function checkpointDamage(run: RunRecord, ckpt: CheckpointRecord | undefined): CheckpointDamage | null {
  if (!ckpt) {
    if (run.checkpointStep == null) return null;
    const err = new StorageEvictedError(`The checkpoint of “${run.name}” (step ${run.checkpointStep})`);
    return { kind: 'evicted', message: err.message };
  }
  let problem: string | null;
  try {
    problem = checkpointProblem(ckpt, parameterShapes(run.spec));
  } catch {
    problem = 'its model spec cannot be read';
  }
  return problem ? { kind: 'corrupt', message: new CorruptCheckpointError(run.id, run.name, problem).message } : null;
}

/** What the views need to redraw a run after a reload: its curves, spec, settings and label names. */
export interface RunDetails {
  id: string;
  spec: ModelSpec;
  history: TrainEvent[];
  classNames: string[] | null;
  vocabulary: string[] | null;
  limit: number | null;
  testLimit: number | null;
  batchSize: number;
  lr: number;
  optimizer: string;
  /** Everything the run trains with (schedule, clipping, validation split…). */
  config: TrainConfig;
  /** Global step of the last checkpoint, or null if none was saved. */
  checkpointStep: number | null;
  /** Why the stored checkpoint cannot be used (damaged or cleared by the browser), or null. */
  damage: CheckpointDamage | null;
}

/** A run's stored curves, spec, dataset class names and training settings. */
export async function runDetails(db: StudioDb, runId: string): Promise<RunDetails> {
  const run = await db.get('runs', runId);
  if (!run) throw new Error(`There is no run with id ${runId}; it may have been deleted.`);
  let classNames: string[] | null = null;
  let vocabulary: string[] | null = null;
  const header = await datasetHeader(db, run.datasetId);
  if (header) {
    classNames = header.classNames ?? null;
    vocabulary = header.vocabulary ?? null;
  }
  // An imported model's own class names (Teachable Machine's labels) win over its dataset's.
  if (run.labels?.length && (!classNames || classNames.length === run.labels.length)) classNames = run.labels;
  const ckpt = await db.get('checkpoints', runId);
  return {
    id: run.id,
    spec: run.spec,
    history: run.history,
    classNames,
    vocabulary,
    limit: run.limit,
    testLimit: run.testLimit,
    batchSize: run.config.batchSize,
    lr: run.config.optimizer.lr,
    optimizer: run.config.optimizer.kind,
    config: run.config,
    checkpointStep: ckpt?.position?.globalStep ?? null,
    damage: checkpointDamage(run, ckpt),
  };
}
