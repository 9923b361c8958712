// User flow: your own data end to end. Import a small CSV (numbers and a category, three classes by a clear rule),
// choose it in the Model tab, take the MLP the studio proposes, meet the live check when a layer does not fit, train
// a few epochs from the Train tab and beat chance. Then: training XOR and Iris in a row (the page once sent the
// XOR run's decision-boundary grid to the Iris model). No request leaves the origin.
import { expect, test, type Page } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';
import { CSV } from './own-data.ts';

const text = (page: Page, id: string) => page.getByTestId(id).textContent();

// Each flow took under a minute at load 12 (54 s and 39 s): the configured limit (playwright.config.ts) is a margin,
// and the waits below only cap one step each.
test('import a CSV, take the model proposed for it, train it and beat chance', async ({ page }, testInfo) => {
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await page
    .getByTestId('csv-file')
    .setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByTestId('csv-preview')).toContainText('colour', { timeout: 30_000 });
  await page.getByTestId('import-title').fill('My shapes');
  await expect(page.getByTestId('csv-label')).toHaveValue('3');
  await page.getByTestId('import').click();
  await expect(page.getByTestId('import-notice')).toContainText('Imported “My shapes”: 150 samples', {
    timeout: 60_000,
  });

  // The Model tab starts from the dataset: its task and shape, and models proposed for it.
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId('dataset-choice').selectOption({ label: 'My shapes (imported)' });
  await expect(page.getByTestId('dataset-summary')).toContainText(/classification into 3 classes/);
  await expect(page.getByTestId('proposal-mlp')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('model-summary')).toContainText('Fits “My shapes”');
  const rows = page.getByTestId('layer-table').locator('tbody tr');
  // Enumerated fields are menus, so an activation cannot be misspelt.
  await expect(rows.nth(0).getByRole('combobox', { name: 'activation' })).toHaveValue('relu');

  // A layer that does not fit: the live check names it and the fix; fixing it clears the error.
  const units = rows.nth(1).getByRole('spinbutton', { name: 'units' });
  await units.fill('5');
  await units.press('Tab');
  await expect(page.getByTestId('model-error')).toContainText(
    /Layer 2 \(dense\) has 5 outputs but “My shapes” has 3 classes: set\s+units to 3\./,
  );
  await page.screenshot({ path: testInfo.outputPath('misfit.png'), fullPage: true });
  await units.fill('3');
  await units.press('Tab');
  await expect(page.getByTestId('model-summary')).toContainText('Fits “My shapes”');
  console.log(`own-data: model chosen at ${Date.now() - t0} ms`);

  // The Train tab says what the next run trains, and on what.
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('next-run')).toContainText(/MLP with one hidden layer.*on\s+My shapes/);
  // A few short epochs: 135 training rows, batch 32 (4 steps an epoch, 16 in all).
  await page.getByLabel('Epochs').fill('4');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Learning rate').fill('0.03');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.locator('.status').first()).toContainText('MLP on My shapes');
  await expect(page.getByTestId('run-history')).toContainText('MLP on My shapes');
  console.log(`own-data: trained at ${Date.now() - t0} ms`);

  // Three classes: chance is a third; the rule is easy, so the test split comes out well above it.
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('accuracy')).toContainText('%', { timeout: 60_000 });
  const accuracy = Number.parseFloat((await text(page, 'accuracy')) ?? '0');
  console.log(`own-data: evaluated at ${Date.now() - t0} ms, test accuracy ${accuracy}%`);
  expect(accuracy).toBeGreaterThan(60);
  await page.screenshot({ path: testInfo.outputPath('trained.png'), fullPage: true });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});

test('train XOR, then Iris: the second run trains without an error from the first', async ({ page }) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  // An XOR run is selected with its details (a 2-D model: the playground watches its decision boundary)…
  await page.getByTestId('preset-xor').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('start').click();
  await page.getByTestId('pause').click();
  // Paused while it loaded, it took no step; its details are shown and a new run can start.
  await expect(page.getByTestId('run-settings')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 120_000 });
  // …then an Iris run starts and trains a few steps.
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId('preset-iris').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Training samples (0 = all)').fill('48');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('error')).toHaveCount(0);
  // The inference worker answers one call at a time: once Iris is evaluated, a grid sent to it earlier has failed.
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('accuracy')).toContainText('%', { timeout: 60_000 });
  await expect(page.getByTestId('error')).toHaveCount(0);
  await expect(page.getByTestId('run-history').locator('li')).toHaveCount(2);
  expect(await text(page, 'run-history')).toContain('Iris flowers');
  expect(g.errors).toEqual([]);
});
