// The Storage view's words and numbers: the studio's total covers every listed item (the browser's estimate is
// shown apart and may be lower), and an interrupted run says whether it can resume.
import { describe, expect, test } from 'vitest';
import { formatSize, runStatusText, storageSummary } from './storage-format.ts';

describe('storage summary', () => {
  test('the total is never below the sum of the listed items, even when the browser estimates less', () => {
    const dataset = 52 * 2 ** 20;
    // Chromium compresses IndexedDB values, so its estimate can be below one dataset's own size.
    const s = storageSummary([dataset, 3 * 2 ** 20, 1024], 2048, { usage: 20 * 2 ** 20, quota: 2 ** 34 });
    expect(s.ours).toBe(dataset + 3 * 2 ** 20 + 1024 + 2048);
    expect(s.ours).toBeGreaterThanOrEqual(dataset);
    expect(s.browser).toBe(20 * 2 ** 20);
    expect(s.used).toBe(s.ours);
    // A larger browser figure (the offline copy of the app) fills the bar instead.
    expect(storageSummary([10], 0, { usage: 500, quota: 1000 }).used).toBe(500);
    expect(storageSummary([], 0, { usage: null, quota: null })).toEqual({
      ours: 0,
      browser: null,
      quota: null,
      used: 0,
    });
  });

  test('sizes read in binary units', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1536)).toBe('1.5 KiB');
    expect(formatSize(52 * 2 ** 20)).toBe('52.0 MiB');
    expect(formatSize(3 * 2 ** 30)).toBe('3.00 GiB');
  });
});

describe('run status in words', () => {
  test('an interrupted run says where it resumes from, or that it has no checkpoint', () => {
    expect(runStatusText({ status: 'interrupted', checkpointStep: 1200 })).toBe(
      'interrupted, resumable from step 1,200',
    );
    expect(runStatusText({ status: 'interrupted', checkpointStep: null })).toBe(
      'interrupted, no checkpoint (Resume starts it from the beginning)',
    );
    expect(runStatusText({ status: 'running', checkpointStep: 8 })).toBe('running');
  });
});
