// The typed API of the system worker: what WebGPU gave us, and the GPU self-test.
import type { AdapterReport } from '../engine/webgpu/device.ts';

export type { AdapterReport };

/** The outcome of bringing up the engine. */
export type SystemProbe =
  | { available: true; adapter: AdapterReport }
  | { available: false; reason: string };

export interface SelfTestOptions {
  /** Matrix size n for an n×n·n×n matmul. */
  size: number;
  /** Timed runs (after one warm-up). */
  runs: number;
}

export interface SelfTestResult {
  size: number;
  runs: number;
  /** Largest |GPU - CPU| over the output. */
  maxAbsError: number;
  /** The tolerance the check used. */
  tolerance: number;
  passed: boolean;
  /** Median milliseconds per matmul, including one sync. */
  medianMs: number;
  gflops: number;
  adapterDescription: string;
  isFallbackAdapter: boolean;
}

export type SelfTestEvent = { kind: 'stage'; stage: 'compile' | 'reference' | 'timing'; done: number; total: number };

export interface SystemApi {
  /** Brings up WebGPU (once) and reports the adapter, or why it is unavailable. */
  probe(debug?: number): Promise<SystemProbe>;
  /** Runs a matmul on the GPU, checks it against the CPU reference, and times it. */
  selfTest(opts: SelfTestOptions, onEvent?: (e: SelfTestEvent) => void): Promise<SelfTestResult>;
}
