// The typed API of the system worker: what WebGPU gave us, the GPU self-test, and kernel tuning.
import type { AdapterReport } from '../engine/webgpu/device.ts';

export type { AdapterReport };

/** The outcome of bringing up the engine. */
export type SystemProbe = { available: true; adapter: AdapterReport } | { available: false; reason: string };

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

/** One tuned GEMM problem class, as the System view shows it (tile shapes named like `64x64 k16`). */
export interface TunedClassInfo {
  key: string;
  /** The class in words (`matmul, M = 1, N ≤ 1024, K ≤ 1024`). */
  label: string;
  tiles: string;
  /** The cost model's pick, which the table overrides. */
  modelTiles: string;
  /** Median ms per candidate, cost-model order; null where a candidate failed. */
  timings: { tiles: string; ms: number | null }[];
  method: 'timestamp' | 'wall-clock' | 'injected';
}

/** The stored tuning table for this adapter and kernel version. */
export interface TuningTable {
  fingerprint: string;
  classes: TunedClassInfo[];
  /** Problem classes training met that are not tuned yet (the next tuning run times them first). */
  untuned: number;
  updatedAt: number | null;
}

export type TuneEvent = { kind: 'tune'; key: string; tiles: string; done: number; total: number };

export interface SystemApi {
  /** Brings up WebGPU (once) and reports the adapter, or why it is unavailable. */
  probe(debug?: number): Promise<SystemProbe>;
  /** Runs a matmul on the GPU, checks it against the CPU reference, and times it. */
  selfTest(opts: SelfTestOptions, onEvent?: (e: SelfTestEvent) => void): Promise<SelfTestResult>;
  /** The stored tuning table for this GPU, or null without WebGPU. */
  tuningTable(): Promise<TuningTable | null>;
  /** Times tile candidates for the untuned classes training met plus a default set, and stores the winners. */
  tuneKernels(onEvent?: (e: TuneEvent) => void): Promise<TuningTable>;
  /** Forgets every stored tuning table (the kernels go back to the cost model at the next engine start). */
  clearTuning(): Promise<void>;
}
