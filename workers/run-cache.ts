// The inference worker's open run and its call queue. A run is built once (dataset split, model, trainer); a newer
// checkpoint only reloads its weights in place. Calls run one at a time, and quick ones (the Playground's
// predictions) go ahead of slow ones still waiting (evaluation, histograms), so typing never waits behind them.
import type { Engine } from '../src/engine/index.ts';
import { closeRun, openRecord, type OpenRun } from '../src/storage/open-run.ts';
import type { StudioDb } from '../src/storage/db.ts';
import { checkpointProblem, modelShapes } from '../src/storage/checkpoints.ts';
import { CorruptCheckpointError } from '../src/storage/errors.ts';

/** The open run: its id, the record time its weights come from, and the run itself once built. */
interface Open {
  runId: string;
  updatedAt: number;
  run: Promise<OpenRun>;
}

/** Loads the model weights of the run's last checkpoint into an open run (no new model, no dataset split). */
async function reloadWeights(db: StudioDb, a: OpenRun): Promise<void> {
  const ckpt = await db.get('checkpoints', a.run.id);
  if (!ckpt) return;
  // Checked before any tensor is touched: a checkpoint cut short is named, not a raw tensor error.
  const problem = checkpointProblem(ckpt, modelShapes(a.trainer));
  if (problem) throw new CorruptCheckpointError(a.run.id, a.run.name, problem);
  const e = a.trainer.engine;
  for (const [name, t] of a.model.tensors) {
    const saved = ckpt.tensors[name];
    e.scope(() => e.assign(t, e.tensor(new Float32Array(saved.data), t.shape)));
  }
  a.trainer.restorePosition(ckpt.position);
}

export class RunCache {
  private current: Open | null = null;
  private readonly waiting: { quick: boolean; start: () => void }[] = [];
  private busy = false;
  /** Runs built from scratch and weight reloads so far (tests count them). */
  readonly counts = { opened: 0, reloaded: 0 };

  constructor(
    private readonly db: () => Promise<StudioDb>,
    private readonly engine: () => Promise<Engine>,
  ) {}

  /** Forgets the open run (the device was lost and took its tensors). */
  forget(): void {
    this.current = null;
  }

  /**
   * Runs `fn` when no other call runs. Quick calls start before slow ones that are still waiting; each kind keeps
   * its own order.
   */
  exclusive<T>(fn: () => Promise<T>, quick = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.busy = true;
        fn()
          .then(resolve, reject)
          .finally(() => {
            this.busy = false;
            this.next();
          });
      };
      const at = quick ? this.waiting.findIndex((w) => !w.quick) : -1;
      this.waiting.splice(at < 0 ? this.waiting.length : at, 0, { quick, start });
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    if (!this.busy) this.waiting.shift()?.start();
  }

  /**
   * Run `runId`. Built once per run; when the run was saved since (a checkpoint, a status change), its weights are
   * reloaded from the last checkpoint first. Call only inside `exclusive`, so no other call still reads the model.
   */
  async use(runId: string): Promise<OpenRun> {
    const db = await this.db();
    const record = await db.get('runs', runId);
    if (!record) throw new Error(`There is no run with id ${runId}; it may have been deleted.`);
    const open = this.current;
    if (open?.runId === runId) {
      let a: OpenRun;
      try {
        a = await open.run;
      } catch (err) {
        if (this.current === open) this.current = null;
        throw err;
      }
      if (open.updatedAt !== record.updatedAt) {
        open.updatedAt = record.updatedAt;
        a.run = record;
        this.counts.reloaded++;
        await reloadWeights(db, a);
      }
      return a;
    }
    this.counts.opened++;
    const next: Open = {
      runId,
      updatedAt: record.updatedAt,
      run: this.engine().then((e) => openRecord(e, db, record)),
    };
    this.current = next;
    open?.run.then(closeRun, () => undefined);
    try {
      return await next.run;
    } catch (err) {
      if (this.current === next) this.current = null;
      throw err;
    }
  }
}
