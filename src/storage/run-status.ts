// Run status that stays true after any interruption: a run left `created` or `running` by a tab that closed (or a
// worker that crashed) is marked `interrupted` when nothing trains it any more, and every run record carries the step
// of its stored checkpoint, so lists say "resumable from step N" or "no checkpoint" without reading checkpoints.
import type { RunRecord, StudioDb } from './db.ts';

/** Statuses that claim something is (or is about to be) training the run. */
export const isLiveStatus = (s: RunRecord['status']): boolean => s === 'created' || s === 'running';

/** Changes fields of a stored run in one transaction; returns the updated record (undefined if it is gone). */
export async function updateRun(
  db: StudioDb,
  runId: string,
  patch: Partial<Omit<RunRecord, 'id'>>,
): Promise<RunRecord | undefined> {
  const tx = db.transaction('runs', 'readwrite');
  const run = await tx.store.get(runId);
  if (!run) {
    await tx.done;
    return undefined;
  }
  const next = { ...run, ...patch };
  await Promise.all([tx.store.put(next), tx.done]);
  return next;
}

/**
 * All runs, oldest first, after making their status true: a `created` or `running` run whose id is not in `live`
 * (the runs some worker holds: workers/run-locks.ts) was interrupted, and is stored as such. Records from
 * before `checkpointStep` existed get it from their checkpoint, once.
 */
export async function reconcileRuns(db: StudioDb, live: ReadonlySet<string>): Promise<RunRecord[]> {
  const tx = db.transaction(['runs', 'checkpoints'], 'readwrite');
  const runs = tx.objectStore('runs');
  const checkpoints = tx.objectStore('checkpoints');
  const all = await runs.index('byCreated').getAll();
  const withCheckpoint = new Set(await checkpoints.getAllKeys());
  const out: RunRecord[] = [];
  for (const run of all) {
    let next = run;
    if (run.checkpointStep === undefined) {
      const ckpt = withCheckpoint.has(run.id) ? await checkpoints.get(run.id) : undefined;
      next = { ...next, checkpointStep: ckpt ? ckpt.position.globalStep : null };
    }
    // A checkpoint written by an older version without the step, or removed by hand: trust the store.
    if (next.checkpointStep !== null && !withCheckpoint.has(run.id)) next = { ...next, checkpointStep: null };
    if (isLiveStatus(next.status) && !live.has(run.id)) next = { ...next, status: 'interrupted' };
    if (next !== run) await runs.put(next);
    out.push(next);
  }
  await tx.done;
  return out;
}
