// User flow: train a small network on the two-spirals toy set and watch its decision boundary in the
// Playground, redrawn while it trains. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('the decision boundary of a 2D toy model is drawn while it trains', async ({ page }, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-spiral').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('4');
  await page.getByTestId('start').click();
  await page.getByRole('tab', { name: 'Playground' }).click();
  const canvas = page.getByTestId('decision-boundary');
  await expect(canvas).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  // The canvas holds coloured regions, not a blank image.
  await expect
    .poll(
      async () => canvas.evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(180, 180, 1, 1).data[3]),
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  await page.screenshot({ path: testInfo.outputPath('decision-boundary.png'), fullPage: true });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
