// User flow: pick the Gaussian-blobs preset, edit its layer stack in the Model view (change a layer's units, hit an
// inline error with a bad value, fix it, add a layer) while shapes and parameter counts update, train the edited
// model briefly and see the loss fall, then look inside: a chosen test sample's gradients beside the weights.
// A toy set keeps this fast on a software GPU (inside-sample.spec.ts covers feature maps of a conv model).
// No request leaves the origin.
import { expect, test, type Page } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

const params = async (page: Page) =>
  Number((await page.getByTestId('model-summary').locator('strong').textContent())!.replace(/,/g, ''));

test('edit a preset in the Model view, train it briefly and see the loss fall', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId('preset-blobs').click();
  const table = page.getByTestId('layer-table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('[16]');
  // 2·16 + 16 + 16·16 + 16 + 16·3 + 3
  await expect.poll(() => params(page)).toBe(371);

  // Fewer units in the first layer: its shape and the parameter count follow (2·8 + 8 + 8·16 + 16 + 16·3 + 3).
  const units = rows.nth(0).getByRole('spinbutton', { name: 'units' });
  await units.fill('8');
  await units.press('Tab');
  await expect(rows.nth(0)).toContainText('[8]');
  await expect.poll(() => params(page)).toBe(219);

  // Zero units is not a layer: an inline error at that row, and the summary says the model cannot be built.
  const units2 = rows.nth(1).getByRole('spinbutton', { name: 'units' });
  await units2.fill('0');
  await units2.press('Tab');
  await expect(table.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('model-error')).toContainText('layers[1].units');
  await page.screenshot({ path: testInfo.outputPath('inline-error.png'), fullPage: true });
  await units2.fill('16');
  await units2.press('Tab');
  await expect(table.getByRole('alert')).toHaveCount(0);
  await expect.poll(() => params(page)).toBe(219);

  // One more dense layer (32 relu units) before the output: 2·8 + 8 + 8·16 + 16 + 16·32 + 32 + 32·3 + 3.
  await page.getByLabel('Add a layer').selectOption('dense');
  await page.getByRole('button', { name: 'Add before the output layer' }).click();
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(2)).toContainText('[32]');
  await expect.poll(() => params(page)).toBe(811);
  await expect(page.getByText('edited', { exact: true })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('edited-model.png'), fullPage: true });
  console.log(`edit: edited at ${Date.now() - t0} ms`);

  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Learning rate').fill('0.01');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 60_000 });
  const losses = await page.evaluate(
    () => document.querySelector('[data-testid="last-loss"]')!.parentElement!.textContent!,
  );
  const [last, first] = [...losses.matchAll(/(\d+\.\d+)/g)].map((m) => Number(m[1]));
  expect(last).toBeLessThan(first * 0.8);
  await page.screenshot({ path: testInfo.outputPath('trained.png'), fullPage: true });
  console.log(`edit: trained at ${Date.now() - t0} ms (loss ${first} -> ${last})`);

  // The trained run is the edited model, and a chosen test sample's gradients sit beside its weights.
  await page.getByRole('tab', { name: 'Inside the model' }).click();
  await page.getByTestId('sample-index').fill('3');
  await page.getByTestId('sample-index').press('Enter');
  await expect(page.getByTestId('sample-preview')).toContainText(/Test sample 3 · label: class [0-2]/);
  await page.getByLabel(/the chosen test sample/).check();
  await page.getByTestId('histograms').click();
  await expect(page.getByTestId('gradient-source')).toContainText('test sample 3', { timeout: 90_000 });
  await expect(page.getByRole('img', { name: /^Gradient histogram of layers\[2\]\.kernel/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Histogram of layers\[3\]\.kernel/ })).toBeVisible();
  await expect(page.getByTestId('gradient-histogram')).toHaveCount(8);
  console.log(`edit: done at ${Date.now() - t0} ms`);

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
