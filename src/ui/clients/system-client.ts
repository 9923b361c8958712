// The page's handle on the system worker (one per page), wrapping its Comlink API.
import * as Comlink from 'comlink';
import { WorkerLink } from './worker-link.ts';
import type { SelfTestEvent, SelfTestOptions, SystemApi, TuneEvent } from '../../protocol/system.ts';

export class SystemClient {
  private link = new WorkerLink<SystemApi>(
    'system',
    () => new Worker(new URL('../../../workers/system.worker.ts', import.meta.url), { type: 'module', name: 'system' }),
  );
  private api = this.link.api;

  probe(debug = 0) {
    return this.api.probe(debug);
  }

  selfTest(opts: SelfTestOptions, onEvent: (e: SelfTestEvent) => void) {
    return this.api.selfTest(opts, Comlink.proxy(onEvent));
  }

  tuningTable() {
    return this.api.tuningTable();
  }

  tuneKernels(onEvent: (e: TuneEvent) => void) {
    return this.api.tuneKernels(Comlink.proxy(onEvent));
  }

  clearTuning() {
    return this.api.clearTuning();
  }

  dispose(): void {
    this.link.dispose();
  }
}
