// User flow: train the cars (MPG) regression preset briefly; the Train view names the run's own model and shows no
// accuracy chart, its chart text stays readable in the dark theme, and Evaluate reports MAE, RMSE and R² with a
// predicted-vs-actual plot. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('a regression run is evaluated by its errors in the target’s units, not by accuracy', async ({
  page,
}, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-cars-mpg').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('2');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('run-model')).toContainText(/MPG regression/);
  await expect(page.getByTestId('loss-chart')).toBeVisible();
  await expect(page.getByTestId('accuracy-chart')).toHaveCount(0);
  // The loss chart spans the run's steps (2 epochs of the training split), not twice them.
  const xMax = Number(await page.getByTestId('loss-chart').getAttribute('data-x-max'));
  const total = Number((await page.getByTestId('global-step').textContent())!.trim());
  expect(xMax).toBe(total);

  // Dark theme (the toggle cycles system → light → dark): the chart's brightest pixel stands out from the page.
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const brightest = () =>
    page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="loss-chart"] canvas')!;
      const d = c.getContext('2d')!.getImageData(0, 0, Math.min(60, c.width), c.height).data;
      let best = 0;
      for (let i = 0; i < d.length; i += 4)
        best = Math.max(best, ((d[i] + d[i + 1] + d[i + 2]) / 3) * (d[i + 3] / 255));
      return best;
    });
  // Tick labels left of the plot: light text (#e6edf3), not black.
  await expect.poll(brightest, { timeout: 10_000 }).toBeGreaterThan(180);
  await page.screenshot({ path: testInfo.outputPath('train-regression-dark.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('mae')).toHaveText(/^\d/, { timeout: 60_000 });
  await expect(page.getByTestId('rmse')).toHaveText(/^\d/);
  await expect(page.getByTestId('r2')).toHaveText(/^-?\d/);
  await expect(page.getByTestId('accuracy')).toHaveCount(0);
  await expect(page.getByTestId('confusion-matrix')).toHaveCount(0);
  await expect(page.getByTestId('regression-scatter')).toBeVisible();
  await expect(page.getByRole('img', { name: /Predicted against actual target for \d+ test samples/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('evaluate-regression.png'), fullPage: true });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
