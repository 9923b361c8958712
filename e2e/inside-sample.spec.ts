// User flow: a LeNet-5 run of one step, then Inside the model: a chosen test sample (previewed with its label)
// drives the feature maps of both conv layers, its gradients sit beside the weights, and the next sample brings
// new ones. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('a chosen test sample drives the feature maps and the gradients', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-lenet5').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('16');
  await page.getByLabel('Training samples (0 = all)').fill('16');
  await page.getByLabel('Test samples (0 = all)').fill('16');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 90_000 });
  console.log(`inside: trained at ${Date.now() - t0} ms`);

  await page.getByRole('tab', { name: 'Inside the model' }).click();
  await page.getByTestId('sample-index').fill('3');
  await page.getByTestId('sample-index').press('Enter');
  await expect(page.getByTestId('sample-preview')).toContainText(/Test sample 3 · label: \d/, { timeout: 30_000 });
  await expect(page.getByRole('img', { name: 'Test sample 3' })).toBeVisible();
  await expect(page.getByTestId('feature-maps')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByRole('img', { name: 'Layer 1, filter 6' })).toBeVisible();
  await page.getByLabel(/the chosen test sample/).check();
  await page.getByTestId('histograms').click();
  await expect(page.getByTestId('gradient-source')).toContainText('test sample 3', { timeout: 90_000 });
  await expect(page.getByRole('img', { name: /^Gradient histogram of layers\[0\]\.kernel/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Histogram of layers\[0\]\.kernel/ })).toBeVisible();
  const maps = await page.getByTestId('feature-maps').first().screenshot();
  // The next sample, by button: a new preview, new feature maps, and the gradients follow it.
  await page.getByRole('button', { name: 'Next test sample' }).click();
  await expect(page.getByTestId('sample-preview')).toContainText('Test sample 4');
  await expect(page.getByTestId('gradient-source')).toContainText('test sample 4', { timeout: 90_000 });
  await expect
    .poll(async () => Buffer.compare(await page.getByTestId('feature-maps').first().screenshot(), maps), {
      timeout: 30_000,
    })
    .not.toBe(0);
  await page.screenshot({ path: testInfo.outputPath('inside-sample-gradients.png'), fullPage: true });
  console.log(`inside: done at ${Date.now() - t0} ms`);

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
