// User flow: train a small network on the two-spirals toy set and watch its decision boundary in the
// Playground change while it trains (redrawn after each epoch). No request leaves the origin.
import { expect, test, type Page } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

interface Snapshot {
  status: string | null;
  /** Pixels with any ink (alpha > 0), of the sampled ones. */
  ink: number;
  /** RGBA of every 6th pixel in each direction (60×60 samples of the 360×360 canvas). */
  rgba: number[];
}

/** The boundary canvas's pixels and the run's status, read at the same moment. */
const snapshot = (page: Page): Promise<Snapshot> =>
  page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="decision-boundary"]')!;
    const all = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const rgba: number[] = [];
    for (let y = 3; y < c.height; y += 6)
      for (let x = 3; x < c.width; x += 6) rgba.push(...all.subarray((y * c.width + x) * 4, (y * c.width + x) * 4 + 4));
    const ink = rgba.filter((v, i) => i % 4 === 3 && v > 0).length;
    return { status: document.querySelector('[data-testid="run-status"]')?.textContent ?? null, ink, rgba };
  });

/** Fraction of sampled pixels whose colour moved by more than a rounding step between two snapshots. */
function changed(a: Snapshot, b: Snapshot): number {
  let n = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    if ([0, 1, 2, 3].some((k) => Math.abs(a.rgba[i + k] - b.rgba[i + k]) > 2)) n++;
  }
  return n / (a.rgba.length / 4);
}

test('the decision boundary of a 2D toy model changes while it trains', async ({ page }, testInfo) => {
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-spiral').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  // Far more epochs than the check needs, so the run is still going at both snapshots on any adapter; stopped below.
  await page.getByLabel('Epochs').fill('500');
  await page.getByTestId('start').click();
  console.log(`boundary: started at ${Date.now() - t0} ms`);
  await page.getByRole('tab', { name: 'Playground' }).click();
  await expect(page.getByTestId('decision-boundary')).toBeVisible({ timeout: 60_000 });

  // First moment: coloured regions are drawn (most of the 3600 samples) and the run is still training.
  let first: Snapshot | null = null;
  await expect.poll(async () => (first = await snapshot(page)).ink, { timeout: 120_000 }).toBeGreaterThan(1000);
  expect(first!.status).toBe('running');
  console.log(`boundary: first drawn at ${Date.now() - t0} ms`);
  await page.screenshot({ path: testInfo.outputPath('decision-boundary-early.png'), fullPage: true });

  // Second moment: a visibly different boundary (over 2% of pixels), still while the run trains.
  let second: Snapshot | null = null;
  await expect
    .poll(async () => changed(first!, (second = await snapshot(page))), { timeout: 60_000 })
    .toBeGreaterThan(0.02);
  expect(second!.status).toBe('running');
  console.log(`boundary: ${(changed(first!, second!) * 100).toFixed(1)}% of pixels changed at ${Date.now() - t0} ms`);
  await page.screenshot({ path: testInfo.outputPath('decision-boundary.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('run-status')).toHaveText('stopped', { timeout: 30_000 });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
