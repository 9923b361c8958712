// Types for report.mjs: measurements as the page returns them and the summaries the tables are made of.
import type { BenchCase, System } from './plan.mjs';

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
export function formatChecks(summaries: RowSummary[]): string[];
