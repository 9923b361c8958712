// Types for cli.mjs: the benchmark's command line, shared by the Chromium and the Dawn runners.
import type { BenchPlan } from './plan.mjs';
import type { BenchEnv, BenchRow } from './report.mjs';

export function progressLine(kind: 'env' | 'result', data: unknown): string;
export function benchCli(
  name: string,
  argv: string[],
  run: (plan: BenchPlan) => Promise<{ env: BenchEnv; rows: BenchRow[] }>,
): Promise<void>;
