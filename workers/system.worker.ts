// The system worker: owns a WebGPU engine, reports the adapter, and runs the GPU self-test for the page.
import * as Comlink from 'comlink';
import { Engine } from '../src/engine/index.ts';
import type { SelfTestEvent, SelfTestOptions, SystemApi, SystemProbe } from '../src/protocol/system.ts';
import { runSelfTest } from './self-test.ts';

let engine: Promise<Engine> | null = null;

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
};

Comlink.expose(api);
