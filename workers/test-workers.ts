// For browser tests that go through the real workers: the studio's three workers, wired with Comlink as the page's
// clients wire them (src/ui/clients, which workers/ may not import).
import * as Comlink from 'comlink';
import type { TrainingApi } from '../src/protocol/training.ts';
import type { InferenceApi } from '../src/protocol/inference.ts';
import type { DatasetsApi } from '../src/protocol/datasets.ts';

/** Starts a training, an inference and a datasets worker; `terminate` ends all three. */
export function spawnWorkers() {
  const workers = [
    new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' }),
    new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module' }),
    new Worker(new URL('./datasets.worker.ts', import.meta.url), { type: 'module' }),
  ];
  return {
    training: Comlink.wrap<TrainingApi>(workers[0]),
    inference: Comlink.wrap<InferenceApi>(workers[1]),
    datasets: Comlink.wrap<DatasetsApi>(workers[2]),
    terminate: () => workers.forEach((w) => w.terminate()),
  };
}
