// The page's handle on the system worker (one per page), wrapping its Comlink API.
import * as Comlink from 'comlink';
import type { SelfTestEvent, SelfTestOptions, SystemApi, TuneEvent } from '../../protocol/system.ts';

export class SystemClient {
  private worker = new Worker(new URL('../../../workers/system.worker.ts', import.meta.url), {
    type: 'module',
    name: 'system',
  });
  private api = Comlink.wrap<SystemApi>(this.worker);

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
    this.api[Comlink.releaseProxy]();
    this.worker.terminate();
  }
}
