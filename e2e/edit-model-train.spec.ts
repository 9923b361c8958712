// User flow: pick LeNet-5, edit its layer stack (change a conv layer's filters, hit an inline error with a kernel
// that does not fit, fix it, add a dense layer) while shapes and parameter counts update, train the edited model
// briefly and see the loss fall, then look inside: a chosen test sample drives the feature maps, and its
// gradients show beside the weights. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

const params = async (page: import('@playwright/test').Page) => Number((await page.getByTestId('model-summary').locator('strong').textContent())!.replace(/,/g, ''));

test('edit a preset in the Model view, train it briefly, and look inside with a chosen test sample', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId('preset-lenet5').click();
  const table = page.getByTestId('layer-table');
  await expect(table).toContainText('conv2d');
  await expect(page.getByTestId('model-summary')).toContainText('trainable parameters');
  const before = await params(page);
  const rows = table.locator('tbody tr');
  await expect(rows.nth(0)).toContainText('[28, 28, 6]');

  // Fewer filters: the first layer's shape and the parameter count follow.
  await rows.nth(0).getByRole('spinbutton', { name: 'filters' }).fill('4');
  await rows.nth(0).getByRole('spinbutton', { name: 'filters' }).press('Tab');
  await expect(rows.nth(0)).toContainText('[28, 28, 4]');
  await expect.poll(() => params(page)).toBeLessThan(before);

  // A 40×40 kernel does not fit the 14×14 input of the second conv layer: an inline error at that row.
  const conv2 = rows.nth(2);
  await conv2.getByRole('spinbutton', { name: 'kernelSize' }).fill('40');
  await conv2.getByRole('spinbutton', { name: 'kernelSize' }).press('Tab');
  await expect(table.getByRole('alert')).toContainText(/kernel does not fit/);
  await expect(page.getByTestId('model-error')).toContainText('layers[2].kernelSize');
  await page.screenshot({ path: testInfo.outputPath('inline-error.png'), fullPage: true });
  await conv2.getByRole('spinbutton', { name: 'kernelSize' }).fill('5');
  await conv2.getByRole('spinbutton', { name: 'kernelSize' }).press('Tab');
  await expect(table.getByRole('alert')).toHaveCount(0);
  const edited = await params(page);

  // One more dense layer before the output: one more row, more parameters.
  const count = await rows.count();
  await page.getByLabel('Add a layer').selectOption('dense');
  await page.getByRole('button', { name: 'Add before the output layer' }).click();
  await expect(rows).toHaveCount(count + 1);
  await expect.poll(() => params(page)).toBeGreaterThan(edited);
  await expect(page.getByText('edited', { exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('edited-model.png'), fullPage: true });
  console.log(`edit: edited at ${Date.now() - t0} ms`);

  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('16');
  await page.getByLabel('Learning rate').fill('0.003');
  await page.getByLabel('Training samples (0 = all)').fill('192');
  await page.getByLabel('Test samples (0 = all)').fill('32');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 90_000 });
  const losses = await page.evaluate(() => document.querySelector('[data-testid="last-loss"]')!.parentElement!.textContent!);
  const [last, first] = [...losses.matchAll(/(\d+\.\d+)/g)].map((m) => Number(m[1]));
  expect(last).toBeLessThan(first);
  await page.screenshot({ path: testInfo.outputPath('trained.png'), fullPage: true });
  console.log(`edit: trained at ${Date.now() - t0} ms (loss ${first} -> ${last})`);

  // Inside: test sample 3 drives the feature maps of both conv layers; its gradients sit beside the weights.
  await page.getByRole('tab', { name: 'Inside the model' }).click();
  await page.getByTestId('sample-index').fill('3');
  await page.getByTestId('sample-index').press('Enter');
  await expect(page.getByTestId('sample-preview')).toContainText(/Test sample 3 · label: \d/, { timeout: 30_000 });
  await expect(page.getByTestId('feature-maps')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByRole('img', { name: 'Layer 1, filter 4' })).toBeVisible();
  await page.getByLabel(/the chosen test sample/).check();
  await page.getByTestId('histograms').click();
  await expect(page.getByTestId('gradient-source')).toContainText('test sample 3', { timeout: 30_000 });
  await expect(page.getByRole('img', { name: /^Gradient histogram of layers\[0\]\.kernel/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Histogram of layers\[0\]\.kernel/ })).toBeVisible();
  // The next sample, by button: a new preview, and the gradients follow it.
  await page.getByRole('button', { name: 'Next test sample' }).click();
  await expect(page.getByTestId('sample-preview')).toContainText('Test sample 4');
  await expect(page.getByTestId('gradient-source')).toContainText('test sample 4', { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('inside-sample-gradients.png'), fullPage: true });
  console.log(`edit: inside at ${Date.now() - t0} ms`);

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
