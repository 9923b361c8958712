// User flow: start training, reload the page in the middle of it, and resume from the last checkpoint
// (the step counter carries on from the checkpoint instead of starting again). No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard, startCheckpointedRun } from './origin-guard.ts';

test('reload in the middle of training and resume from the checkpoint', async ({ page }, testInfo) => {
  const g = guard(page);
  await startCheckpointedRun(page, '/#train');
  await page.screenshot({ path: testInfo.outputPath('before-reload.png'), fullPage: true });

  // The closed page's run is no longer trained by anything: it is listed as interrupted, resumable from its checkpoint.
  await page.reload();
  await expect(page.getByTestId('run-status')).toHaveText('interrupted', { timeout: 30_000 });
  await expect(page.getByTestId('run-history')).toContainText(/interrupted, resumable from step \d+/);
  const saved = Number((await page.getByTestId('checkpoint').textContent())!.match(/\d+/)![0]);
  expect(saved).toBeGreaterThanOrEqual(8);
  await expect(page.getByTestId('global-step')).toHaveText(String(saved));
  await page.screenshot({ path: testInfo.outputPath('after-reload.png'), fullPage: true });

  await page.getByTestId('resume').click();
  await expect(page.getByTestId('global-step')).not.toHaveText(String(saved), { timeout: 60_000 });
  expect(Number(await page.getByTestId('global-step').textContent())).toBeGreaterThan(saved);
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  await page.screenshot({ path: testInfo.outputPath('resumed-finished.png'), fullPage: true });

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
