// What the Storage view says, as plain functions with node tests: the usage summary (the studio's own total, never
// below the items listed, beside the browser's estimate) and a run's status in words (interrupted runs say whether
// they can resume).
import type { RunInfo } from '../protocol/training.ts';

/** What the Storage view shows: our total is never below the items it lists; the browser's figure is its own. */
export interface StorageSummary {
  /** Sum of the listed items plus the studio's other records (settings, tuned kernels). */
  ours: number;
  /** navigator.storage.estimate(): the browser's figure for the whole site (null where it does not say). */
  browser: number | null;
  quota: number | null;
  /** The bar's value: the larger of the two, so the bar never shows less than the list. */
  used: number;
}

/** Adds up the listed items' sizes and sets the browser's estimate beside it. */
export function storageSummary(
  listed: readonly number[],
  other: number,
  estimate: { usage: number | null; quota: number | null },
): StorageSummary {
  const ours = listed.reduce((a, b) => a + b, 0) + other;
  return { ours, browser: estimate.usage, quota: estimate.quota, used: Math.max(ours, estimate.usage ?? 0) };
}

/** A run's status as the lists show it: an interrupted run says where it resumes from, or that it has no checkpoint. */
export function runStatusText(r: Pick<RunInfo, 'status' | 'checkpointStep'>): string {
  if (r.status !== 'interrupted') return r.status;
  return r.checkpointStep === null
    ? 'interrupted, no checkpoint (Resume starts it from the beginning)'
    : `interrupted, resumable from step ${r.checkpointStep.toLocaleString('en-US')}`;
}

/** Bytes in binary units, as the Storage view lists them. */
export function formatSize(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  if (b >= 2 ** 10) return `${(b / 2 ** 10).toFixed(1)} KiB`;
  return `${b} B`;
}
