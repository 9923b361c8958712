// Storing an imported model as a run: its converted weights become the run's first checkpoint (step 0, fresh
// optimizer state), written with the run in one transaction, so it lists, evaluates and trains on like any run.
import type { Engine } from '../engine/index.ts';
import { assignWeights } from '../interop/tfjs/load.ts';
import type { HostWeight } from '../interop/tfjs/weights.ts';
import { captureCheckpoint } from './checkpoints.ts';
import { addRunWithCheckpoint, type RunRecord, type StudioDb } from './db.ts';
import { closeRun, openRecord } from './open-run.ts';

/**
 * Builds `run`'s model and trainer on its dataset, loads `weights` into it and stores the run with that checkpoint.
 * Nothing is written until the weights are in place; a failure leaves no run behind.
 */
export async function storeImportedRun(
  engine: Engine,
  db: StudioDb,
  run: RunRecord,
  weights: Map<string, HostWeight>,
): Promise<RunRecord> {
  const open = await openRecord(engine, db, run);
  try {
    assignWeights(open.model, weights);
    const ckpt = await captureCheckpoint(open.trainer, run.id);
    // Paused at step 0: ready to evaluate, to try in the Playground, or to resume training (fine-tuning).
    const stored: RunRecord = { ...run, status: 'paused', checkpointStep: ckpt.position.globalStep };
    await addRunWithCheckpoint(db, stored, ckpt);
    return stored;
  } finally {
    closeRun(open);
  }
}
