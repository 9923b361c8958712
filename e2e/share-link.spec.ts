// User flow: a teacher's link opens the studio with the dataset, model and training settings set, the Train tab open,
// chosen settings locked and one hidden; "Copy link" makes a link that does the same; a garbled link gets a sentence
// and the studio stays usable. The setup travels in the fragment, so no request carries it.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';
import { encodeSetup } from '../src/ui/share-link.ts';

const fragment = encodeSetup({
  preset: 'xor',
  dataset: 'xor',
  spec: {
    name: 'XOR, five hidden units',
    input: { shape: [2] },
    layers: [
      { type: 'dense', units: 5, activation: 'tanh' },
      { type: 'dense', units: 2 },
    ],
  },
  settings: { epochs: 3, lr: 0.07, optimizer: 'sgd', seed: 99 },
  tab: 'train',
  locked: ['lr', 'optimizer'],
  hidden: ['weightDecay'],
});

test('a setup link sets the dataset, model and settings and locks and hides controls', async ({ page }) => {
  const g = guard(page);
  await page.goto(`/${fragment}`);
  await offlineReady(page);
  await expect(page.getByTestId('link-notice')).toHaveText('Opened the setup from the link.');
  await expect(page.getByRole('tab', { name: 'Train' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('next-run')).toContainText('(edited)');
  await expect(page.getByTestId('next-run')).toContainText(/xor/i);
  const lr = page.getByLabel('Learning rate', { exact: true });
  await expect(lr).toHaveValue('0.07');
  await expect(lr).toBeDisabled();
  await expect(page.getByLabel('Optimizer')).toHaveValue('sgd');
  await expect(page.getByLabel('Optimizer')).toBeDisabled();
  await expect(page.getByLabel('Epochs')).toHaveValue('3');
  await expect(page.getByLabel('Epochs')).toBeEnabled();
  await expect(page.getByLabel('Seed')).toHaveValue('99');
  await page.getByText('Schedule, regularisation and validation').click();
  await expect(page.getByLabel('Clip gradient norm (0 = off)')).toBeVisible();
  await expect(page.locator('[data-setting="weightDecay"]')).toBeHidden();
  // The model tab shows the link's layers: 2 → 5 → 2 has 2·5 + 5 + 5·2 + 2 = 27 parameters (the preset's has more).
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await expect(page.getByTestId('model-summary')).toContainText('27 trainable parameters');

  // Copy link: the current setup (with the locks) in a fragment that this page applies on hashchange.
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('4');
  await page.getByTestId('copy-link').click();
  const url = await page.getByTestId('link-url').inputValue();
  expect(url).toMatch(/^http:\/\/localhost:\d+\/#setup=[A-Za-z0-9_-]+$/);
  await page.getByLabel('Epochs').fill('9');
  await page.evaluate((hash) => (location.hash = hash), new URL(url).hash);
  await expect(page.getByLabel('Epochs')).toHaveValue('4');
  await expect(page.getByLabel('Learning rate', { exact: true })).toBeDisabled();

  // A garbled link: a sentence, and the studio still works.
  await page.evaluate(() => (location.hash = '#setup=garbled!!'));
  await expect(page.getByTestId('link-error')).toContainText('This link is damaged');
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await expect(page.getByRole('tab', { name: 'Model', exact: true })).toHaveAttribute('aria-selected', 'true');
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
