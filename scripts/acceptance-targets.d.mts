// Types of scripts/acceptance-targets.mjs (re-exported by scripts/acceptance.mjs) for TypeScript callers.
export interface Target {
  preset: string;
  epochs: number;
  metric: 'accuracy' | 'loss';
  min?: number;
  max?: number;
}
export interface Row extends Target {
  value: number;
  pass: boolean;
  seconds: number;
  limit?: number;
}
export const TARGETS: Target[];
export function judge(
  target: Target,
  evaluation: { loss: number; report: { accuracy: number } | null },
): { value: number; pass: boolean };
export function formatTable(rows: Row[]): string;
export function mergeRows<R extends { preset: string }>(earlier: R[], fresh: R[]): R[];
export interface SeedSummary {
  preset: string;
  seeds: number[];
  mean: number;
  sd: number;
  min: number;
  max: number;
  passed: number;
  pass: boolean;
}
export function seedSummaries(rows: (Row & { seed?: number })[]): SeedSummary[];
export function formatSeedSummary(s: SeedSummary): string;
export function verdict(rows: (Row & { seed?: number })[]): boolean;
