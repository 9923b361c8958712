// Types for plan.mjs: the benchmark's options and cases (shared by the CLI, the page and the tests).
export type Suite = 'matmul' | 'conv' | 'attention' | 'softmax' | 'layernorm' | 'train' | 'memory';
export type System = 'ours' | 'tfjs' | 'ort';
export type Mode = 'quick' | 'default' | 'full';
export type Pass = 'fwd' | 'fwd+bwd';

export interface BenchOptions {
  mode: Mode;
  only: Suite[];
  reps: number | null;
  warmup: number | null;
  systems: System[];
  out: string | null;
  markdown: string | null;
  /** Also read each forward output once and record its largest difference from ours. */
  check: boolean;
  /** Tune our GEMM tiles for each row's problem classes first, and time the cost model's tiles too. */
  autotune: boolean;
  help: boolean;
}

interface Base {
  id: string;
  /** Useful FLOPs of one run, or null where only time is reported. */
  flops: number | null;
}
export type BenchCase =
  | (Base & { suite: 'matmul'; m: number; k: number; n: number })
  | (Base & { suite: 'conv'; pass: Pass; n: number; h: number; w: number; cin: number; cout: number; k: number })
  | (Base & { suite: 'attention'; pass: Pass; b: number; heads: number; t: number; d: number; causal: boolean })
  | (Base & { suite: 'softmax' | 'layernorm'; rows: number; cols: number; bytes: number })
  | (Base & { suite: 'train'; model: 'mlp' | 'lenet'; batch: number })
  | (Base & { suite: 'memory'; model: 'mlp'; batch: number; early: number; late: number });

export interface BenchPlan {
  mode: Mode;
  reps: number;
  warmup: number;
  systems: System[];
  check: boolean;
  autotune: boolean;
  cases: BenchCase[];
}

export const SUITES: Suite[];
export const USAGE: string;
export function parseBenchArgs(argv: string[]): BenchOptions;
export function buildPlan(
  opts: Pick<BenchOptions, 'mode' | 'only' | 'reps' | 'warmup' | 'systems'> & { check?: boolean; autotune?: boolean },
): BenchPlan;
export function convFlops(n: number, oh: number, ow: number, cout: number, k: number, cin: number): number;
export function attentionFlops(b: number, h: number, t: number, d: number, causal: boolean): number;
export function trainFlops(model: 'mlp' | 'lenet', batch: number): number;
