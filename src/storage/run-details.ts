// What the views need to redraw a stored run after a reload: its curves, spec, settings and label names, read
// from the run record and the dataset's small header record (the pack itself is not read).
import type { ModelSpec, TrainConfig, TrainEvent } from '../engine/index.ts';
import type { StudioDb } from './db.ts';
import { datasetHeader } from './datasets.ts';

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
    checkpointStep: ckpt?.position.globalStep ?? null,
  };
}
