// State of the System view: the WebGPU probe and the self-test, as runes the components read.
import type { SelfTestEvent, SelfTestResult, SystemProbe } from '../protocol/system.ts';
import { SystemClient } from './clients/system-client.ts';

export class SystemState {
  probe = $state.raw<SystemProbe | null>(null);
  selfTest = $state.raw<SelfTestResult | null>(null);
  selfTestError = $state<string | null>(null);
  progress = $state<SelfTestEvent | null>(null);
  running = $state(false);
  private client: SystemClient;

  constructor(private debug = 0) {
    this.client = new SystemClient();
  }

  async load(): Promise<void> {
    this.probe = await this.client.probe(this.debug);
  }

  async runSelfTest(size = 256, runs = 5): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.selfTestError = null;
    try {
      this.selfTest = await this.client.selfTest({ size, runs }, (e) => (this.progress = e));
    } catch (err) {
      this.selfTestError = `The self-test could not run: ${(err as Error).message}`;
    } finally {
      this.running = false;
      this.progress = null;
    }
  }
}
