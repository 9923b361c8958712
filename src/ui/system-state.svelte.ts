// State of the System view: the WebGPU probe, the self-test and kernel tuning, as runes the components read.
import type { SelfTestEvent, SelfTestResult, SystemProbe, TuneEvent, TuningTable } from '../protocol/system.ts';
import { SystemClient } from './clients/system-client.ts';

export class SystemState {
  probe = $state.raw<SystemProbe | null>(null);
  selfTest = $state.raw<SelfTestResult | null>(null);
  selfTestError = $state<string | null>(null);
  progress = $state<SelfTestEvent | null>(null);
  running = $state(false);
  tuning = $state.raw<TuningTable | null>(null);
  tuneProgress = $state.raw<TuneEvent | null>(null);
  tuneError = $state<string | null>(null);
  tuningBusy = $state(false);
  private client: SystemClient;

  constructor(private debug = 0) {
    this.client = new SystemClient();
  }

  async load(): Promise<void> {
    this.probe = await this.client.probe(this.debug);
    if (this.probe.available) this.tuning = await this.client.tuningTable();
  }

  /** Times tile candidates for this GPU and stores the winners; training picks them up at its next start. */
  async tuneKernels(): Promise<void> {
    if (this.tuningBusy || this.running) return;
    this.tuningBusy = true;
    this.tuneError = null;
    try {
      this.tuning = await this.client.tuneKernels((e) => (this.tuneProgress = e));
    } catch (err) {
      this.tuneError = `Tuning could not finish: ${(err as Error).message}`;
    } finally {
      this.tuningBusy = false;
      this.tuneProgress = null;
    }
  }

  async clearTuning(): Promise<void> {
    if (this.tuningBusy) return;
    await this.client.clearTuning();
    this.tuning = await this.client.tuningTable();
  }

  async runSelfTest(size = 256, runs = 5): Promise<void> {
    if (this.running || this.tuningBusy) return;
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
