// Entry of the benchmark page: exposes runBench (scripts/bench/run.ts) to the CLI, with progress lines as JSON.
import type { BenchPlan } from './plan.mjs';
import type { BenchEnv, BenchRow } from './report.mjs';
import { runBench } from './run.ts';

declare global {
  interface Window {
    /** Runs a plan; set once the page has loaded. */
    runBench?: (plan: BenchPlan) => Promise<{ env: BenchEnv; rows: BenchRow[] }>;
    /** Exposed by the CLI: progress lines as JSON. */
    benchProgress?: (json: string) => Promise<void>;
  }
}

window.runBench = (plan) =>
  runBench(plan, (kind, data) => void window.benchProgress?.(JSON.stringify({ kind, data })), navigator.userAgent);
document.getElementById('status')!.textContent = 'ready';
