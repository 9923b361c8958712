// User flow: the GPU device is lost in the middle of training (simulated with the ?debug=1 knob, as a driver
// reset would); the page says what happened and what to do, and Resume continues from the last checkpoint.
import { expect, test } from '@playwright/test';
import { guard, startCheckpointedRun } from './origin-guard.ts';

test('after a lost GPU device, training resumes from the last checkpoint', async ({ page }, testInfo) => {
  const g = guard(page);
  await startCheckpointedRun(page, '/?debug=1#train');
  // At the first checkpoint the page asked the browser to keep the studio's data, and says what it answered.
  await expect(page.getByTestId('persistence-note')).toContainText(/first checkpoint is saved/);
  await page.getByTestId('lose-device').click();
  await expect(page.getByTestId('error')).toContainText('The GPU stopped working', { timeout: 60_000 });
  await expect(page.getByTestId('error')).toContainText('press Resume');
  await page.screenshot({ path: testInfo.outputPath('device-lost.png'), fullPage: true });
  const saved = Number((await page.getByTestId('checkpoint').textContent())!.match(/\d+/)![0]);

  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  expect(Number(await page.getByTestId('global-step').textContent())).toBeGreaterThan(saved);
  await expect(page.getByTestId('error')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('device-lost-resumed.png'), fullPage: true });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
