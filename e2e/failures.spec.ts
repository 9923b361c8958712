// User flow: failures a student meets are explained in the page and the app stays usable — a browser without
// WebGPU, and a learning rate so high that the loss becomes NaN. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('a browser without WebGPU gets a sentence saying what to do', async ({ page }, testInfo) => {
  const g = guard(page);
  await page.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true }),
  );
  await page.goto('/');
  await expect(page.getByTestId('no-webgpu')).toContainText('WebGPU is not available');
  await expect(page.getByTestId('no-webgpu')).toContainText('Chrome or Edge');
  // The rest of the app still works: the model gallery and the tabs.
  await expect(page.getByTestId('preset-lenet5')).toBeVisible();
  await page.getByRole('tab', { name: 'Storage' }).click();
  await expect(page.getByTestId('storage-usage')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('no-webgpu.png'), fullPage: true });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});

test('a loss that becomes NaN stops the run with advice', async ({ page }, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-cars-mpg').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Optimizer').selectOption('sgd');
  await page.getByLabel('Learning rate').fill('1e20');
  await page.getByLabel('Epochs').fill('3');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('error')).toContainText('Lower the learning rate', { timeout: 90_000 });
  await expect(page.getByTestId('run-status')).toHaveText('failed');
  await page.screenshot({ path: testInfo.outputPath('nan-loss.png'), fullPage: true });
  // Still usable: the message can be dismissed and a new run started.
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('start')).toBeEnabled();
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
