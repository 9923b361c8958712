// User flow: the Train view starts from the chosen preset's training settings; a schedule, weight decay,
// clipping, validation split and early stopping reach the run; an out-of-range setting is refused with a
// sentence that names it, and no run is created.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('training settings come from the preset, reach the run, and bad ones are named', async ({ page }, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);

  // The names Transformer trains with AdamW, weight decay 0.01 and clipping at norm 1 by default.
  await page.getByTestId('preset-names-transformer').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByLabel('Optimizer')).toHaveValue('adamw');
  await page.getByText('Schedule, regularisation and validation').click();
  await expect(page.getByLabel('Clip gradient norm (0 = off)')).toHaveValue('1');
  await expect(page.getByLabel('Weight decay')).toHaveValue('0.01');

  // XOR: the toy preset's learning rate and batch size.
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId('preset-xor').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.03');
  await expect(page.getByLabel('Batch size')).toHaveValue('32');

  // Out of range: refused before anything is stored.
  const runsBefore = await page.getByTestId('run-history').locator('li').count();
  await page.getByLabel('Validation split (%)').fill('80');
  await page.getByTestId('start').click();
  await expect(page.getByRole('alert')).toContainText(
    'The validation split must be a number from 0 to 0.5 (it is 0.8).',
  );
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByLabel('Validation split (%)').fill('20');
  await page.getByLabel('Epochs').fill('');
  await page.getByTestId('start').click();
  await expect(page.getByRole('alert')).toContainText('Epochs is empty: enter a number.');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByLabel('Epochs').fill('3');
  await page.getByLabel('Early stopping patience (0 = off)').fill('1');
  await page.getByLabel('Validation split (%)').fill('0');
  await page.getByTestId('start').click();
  await expect(page.getByRole('alert')).toContainText('Early stopping watches the validation loss');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  expect(await page.getByTestId('run-history').locator('li').count()).toBe(runsBefore);

  // Cosine decay with warm-up and no validation split: the rate ends near 0 and no validation loss is shown.
  await page.getByLabel('Early stopping patience (0 = off)').fill('0');
  await page.getByLabel('Learning-rate schedule').selectOption('cosine');
  await page.getByLabel('Warm-up steps').fill('4');
  await page.getByLabel('Epochs').fill('3');
  await page.getByLabel('Training samples (0 = all)').fill('256');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  const lr = Number(await page.getByTestId('current-lr').textContent());
  expect(lr).toBeGreaterThan(0);
  expect(lr).toBeLessThan(0.03 * 0.01);
  // No validation split: the epoch line says so (and, with no validation accuracy, names none).
  await expect(page.getByText(/validation loss —/)).toBeVisible();
  await expect(page.getByTestId('run-settings')).toHaveText(
    'Trained with Adam, learning rate 0.03 with cosine decay after 4 warm-up steps, batch 32, no validation.',
  );
  await expect(page.getByTestId('lr-chart')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('training-settings.png'), fullPage: true });

  // Early stopping: with a learning rate of 0 the validation loss never improves, so patience 1 ends the run
  // after its second epoch, and the page says why.
  await page.getByLabel('Optimizer').selectOption('sgd');
  await page.getByLabel('Learning rate', { exact: true }).fill('0');
  await page.getByLabel('Learning-rate schedule').selectOption('constant');
  await page.getByLabel('Warm-up steps').fill('0');
  await page.getByLabel('Validation split (%)').fill('20');
  await page.getByLabel('Early stopping patience (0 = off)').fill('1');
  await page.getByLabel('Epochs').fill('6');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('early-stopped')).toContainText(
    'Stopped early after epoch 2: the validation loss had not improved for 1 epoch,',
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('run-status')).toHaveText('finished');
  await expect(page.getByTestId('lr-chart')).toHaveCount(0);
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
