// What every GPU worker holds: one engine (rebuilt after a lost device) with the stored kernel tiles for this GPU,
// and one IndexedDB connection.
import { Engine } from '../src/engine/index.ts';
import { openStudioDb, type StudioDb } from '../src/storage/db.ts';
import { applyStoredTuning } from '../src/storage/kernel-tuning.ts';

/** A worker's engine and database, opened on first use; `onLost` runs when the GPU device is lost. */
export function workerHost(onLost: () => void) {
  let engine: Promise<Engine> | null = null;
  let database: Promise<StudioDb> | null = null;
  const getDb = () => (database ??= openStudioDb());
  /** Loads the stored tile table for this GPU; a storage failure only means the cost model's tiles. */
  const loadTuning = async (e: Engine) => {
    try {
      await applyStoredTuning(await getDb(), e);
    } catch {
      /* untuned is still correct */
    }
  };
  const getEngine = () =>
    (engine ??= Engine.create().then(async (e) => {
      // After a lost device the next call builds a fresh engine and reloads the run from its checkpoint.
      e.onDeviceLost(() => {
        engine = null;
        onLost();
      });
      // GEMM tiles tuned for this GPU (System view); without a stored table the kernels' cost model decides.
      await loadTuning(e);
      return e;
    }));
  return { getEngine, getDb, loadTuning };
}
