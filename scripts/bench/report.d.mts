// Types for report.mjs: measurements as the page returns them and the summaries the tables are made of.
import type { BenchCase, System } from './plan.mjs';

/** With --autotune: what tuning chose for each GEMM class of the row, and the row timed with the cost model's tiles. */
export interface AutotuneInfo {
  classes: { key: string; tiles: string; modelTiles: string; timings: { tiles: string; ms: number }[] }[];
  /** How candidates were timed: 'timestamp' (GPU timestamps) or 'wall-clock'. */
  method: string;
  /** Milliseconds spent discovering and tuning the row's classes. */
  tuneMs: number;
  /** The row's median with the cost model's tiles (its `ms` is with the tuned tiles). */
  modelMs?: number;
  modelSamples?: number[];
}

/** One system's outcome on one case: a time, a memory probe, a skip reason or an error. */
export interface SystemResult {
  ms?: number;
  samples?: number[];
  error?: string;
  skipped?: string;
  early?: number;
  late?: number;
  peak?: number;
  analytic?: number;
  /** With --check: the largest difference from our output on the same inputs. */
  maxAbsDiff?: number;
  /** --check: max |ours − this| / max |ours|, judged against CHECK_RTOL. */
  relDiff?: number;
  autotune?: AutotuneInfo;
}
export interface BenchRow {
  case: BenchCase;
  results: Partial<Record<System, SystemResult>>;
}
export interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  features?: string[];
}
export interface BenchEnv {
  adapter: AdapterInfo | null;
  reps: number;
  warmup: number;
  versions?: Record<string, string>;
  userAgent?: string;
}
export interface RowSummary {
  id: string;
  suite: BenchCase['suite'];
  flops: number | null;
  results: BenchRow['results'];
  best: System | null;
  ratio: number | null;
  target: number | null;
  met: boolean | null;
}

export const SYSTEM_NAMES: Record<System, string>;
export function median(xs: readonly number[]): number;
export function gflops(flops: number, ms: number): number;
export function targetOf(c: BenchCase): number | null;
export function bestPeer(results: BenchRow['results'], peers?: System[]): [System, number] | null;
export function summarizeRow(row: BenchRow): RowSummary;
export function memoryLine(s: RowSummary): string;
export function rowCells(s: RowSummary, systems: System[]): string[];
export function tableHeader(systems: System[]): string[];
export function formatTable(summaries: RowSummary[], systems: System[]): string;
export function formatMarkdown(summaries: RowSummary[], systems: System[]): string;
export function formatHeader(env: BenchEnv): string;
export const CHECK_RTOL: number;
export function formatChecks(summaries: RowSummary[]): string[];
export function checkFailures(summaries: RowSummary[]): string[];
export function formatAutotune(summaries: RowSummary[]): string[];
