// The system worker: owns a WebGPU engine, reports the adapter, runs the GPU self-test and tunes the GEMM
// kernels' tiles for this GPU (stored in IndexedDB, where the trainer worker picks them up).
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';
import { Engine } from '../src/engine/index.ts';
import { WebGPUBackend } from '../src/engine/webgpu/webgpu-backend.ts';
import type { SelfTestEvent, SelfTestOptions, SystemApi, SystemProbe, TuneEvent } from '../src/protocol/system.ts';
import { openStudioDb, type StudioDb } from '../src/storage/db.ts';
import { clearTuning } from '../src/storage/kernel-tuning.ts';
import { runSelfTest } from './self-test.ts';
import { tuneKernels, tuningTable } from './kernel-tuning.ts';

let engine: Promise<Engine> | null = null;
let database: Promise<StudioDb> | null = null;
const getDb = () => (database ??= openStudioDb());

function getEngine(debug = 0): Promise<Engine> {
  engine ??= Engine.create({ debug }).catch((e: unknown) => {
    engine = null;
    throw e;
  });
  return engine;
}

const api: SystemApi = {
  async probe(debug = 0): Promise<SystemProbe> {
    try {
      const e = await getEngine(debug);
      return { available: true, adapter: e.adapter! };
    } catch (err) {
      return { available: false, reason: (err as Error).message };
    }
  },
  async selfTest(opts: SelfTestOptions, onEvent?: (e: SelfTestEvent) => void) {
    return runSelfTest(await getEngine(), opts, onEvent);
  },
  async tuningTable() {
    try {
      return await tuningTable(await getDb(), await getEngine());
    } catch {
      return null;
    }
  },
  async tuneKernels(onEvent?: (e: TuneEvent) => void) {
    return tuneKernels(await getDb(), await getEngine(), onEvent);
  },
  async clearTuning() {
    await clearTuning(await getDb());
    const e = await getEngine();
    if (e.backend instanceof WebGPUBackend) e.backend.tileTable.replace([]);
  },
};

answerPings();
Comlink.expose(api);
