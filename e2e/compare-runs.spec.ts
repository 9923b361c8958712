// User flow: two short runs on the XOR toy set with different learning rates are compared in the Compare tab
// (overlaid curves, the differing settings, confusion matrices side by side); a run on another dataset is not offered.
import { expect, test, type Page } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

/** Starts one short run of a preset with this learning rate (64 samples, 2 epochs); `finish`: waits for its end. */
async function train(page: Page, preset: string, lr: string, finish = true): Promise<void> {
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId(`preset-${preset}`).click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('2');
  await page.getByLabel('Training samples (0 = all)').fill('64');
  await page.getByLabel('Learning rate', { exact: true }).fill(lr);
  await page.getByTestId('start').click();
  if (finish) {
    // The first run compiles the GPU kernels (slow on the software adapter); the second reuses them.
    await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
    return;
  }
  // Paused at once: the run is stored (with its dataset) without training, which is all the check below needs.
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
}

test('two runs on one dataset are compared; a run on another dataset is not offered', async ({ page }, testInfo) => {
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await train(page, 'xor', '0.03');
  await train(page, 'xor', '0.1');
  await train(page, 'spiral', '0.03', false);
  const names = await page.getByTestId('run-history').locator('li button').allTextContents();
  expect(names).toHaveLength(3);

  console.log(`compare-runs: three runs stored after ${Date.now() - t0} ms`);
  // The Train tab's overlay offers only runs on the shown run's dataset: none for the lone spiral run.
  await expect(page.getByLabel('Overlay another run on the same dataset').locator('option')).toHaveText(['none']);
  await page.getByRole('tab', { name: 'Compare' }).click();
  const pick = page.getByTestId('compare-pick');
  // Nothing chosen yet: every run may start the comparison. Choose the first XOR run.
  await expect(pick.locator('option')).toHaveCount(4);
  const xorOption = pick.locator('option', { hasText: '(xor)' }).first();
  await pick.selectOption({ label: (await xorOption.textContent())! });
  await page.getByTestId('compare-add').click();
  await expect(page.getByTestId('compare-chosen').locator('li')).toHaveCount(1);

  // Only the other XOR run is offered; the spiral run is listed with the reason.
  await expect(pick.locator('option')).toHaveCount(2);
  await expect(pick.locator('option').nth(1)).toContainText('(xor)');
  await page.getByTestId('compare-refused').locator('summary').click();
  await expect(page.getByTestId('compare-refused')).toContainText('trained on spiral, not xor');
  await pick.selectOption({ index: 1 });
  await page.getByTestId('compare-add').click();
  await expect(page.getByTestId('compare-chosen').locator('li')).toHaveCount(2);

  // Overlaid curves: both runs' lines in one chart.
  const loss = page.getByTestId('compare-loss-chart');
  await expect(loss).toBeVisible();
  const label = (await loss.locator('[role="img"]').getAttribute('aria-label')) ?? '';
  for (const n of await page.getByTestId('compare-chosen').locator('strong').allTextContents())
    expect(label).toContain(`${n}: training loss`);
  await expect(page.getByTestId('compare-accuracy-chart')).toBeVisible();

  // The settings table shows only what differs: the learning rate.
  const diff = page.getByTestId('compare-diff');
  await expect(diff.locator('tbody tr')).toHaveCount(1);
  await expect(diff.locator('tbody tr')).toContainText('learning rate');
  // The newest run is listed first, so the columns come in either order.
  expect((await diff.locator('tbody tr td').allTextContents()).sort()).toEqual(['0.03', '0.1']);
  await expect(page.getByTestId('compare-metrics').locator('tbody tr').first().locator('td')).toHaveText([
    /^\d+$/,
    /^\d+$/,
  ]);

  // Confusion matrices side by side from the inference worker's evaluation.
  await page.getByTestId('compare-evaluate').click();
  await expect(page.getByTestId('compare-matrix')).toHaveCount(2, { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('compare-runs.png'), fullPage: true });
  console.log(`compare-runs: done after ${Date.now() - t0} ms`);
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
