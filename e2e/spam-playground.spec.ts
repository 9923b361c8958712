// User flow: train the bag-of-words spam filter very briefly on a small subset, then type e-mails into the
// playground and watch the ham/spam bars follow the text (tokenised in the worker as the pack was). No request
// leaves the origin. Deleting the run then asks first in a keyboard-accessible dialog.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('type text into the spam classifier after a brief run', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-spam-bow-mlp').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Training samples (0 = all)').fill('128');
  await page.getByLabel('Test samples (0 = all)').fill('32');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText(/finished/, { timeout: 60_000 });
  console.log(`spam: trained at ${Date.now() - t0} ms`);

  await page.getByRole('tab', { name: 'Playground' }).click();
  const box = page.getByTestId('classify-text');
  // Typed key by key: the worker is asked once typing pauses (debounced), and answers with two bars.
  await box.pressSequentially('Congratulations, you won a free prize! Click here to claim your money now.', {
    delay: 5,
  });
  await expect(page.getByTestId('text-prediction')).toContainText(/The model says: (ham|spam)/, { timeout: 30_000 });
  const bars = page.getByRole('list', { name: 'Probability of each class' }).locator('li');
  await expect(bars).toHaveCount(2);
  await expect(bars.nth(0)).toContainText('ham');
  await expect(bars.nth(1)).toContainText('spam');
  await expect(page.getByTestId('known-words')).toContainText(/free/);
  const first = await page.getByTestId('text-prediction').textContent();
  await page.screenshot({ path: testInfo.outputPath('spam-playground.png'), fullPage: true });

  // Other words, other probabilities: the bars follow the text.
  await box.fill('Hi Tom, the meeting about the linux kernel patch moved to Tuesday; see the attached notes.');
  await expect(page.getByTestId('text-prediction')).not.toHaveText(first!, { timeout: 30_000 });
  // No known word: a sentence instead of bars.
  await box.fill('zzzq qqxv 12345');
  await expect(page.getByTestId('no-known-words')).toContainText(/among the 2,000\s+words this model knows/, {
    timeout: 30_000,
  });
  await expect(bars).toHaveCount(0);
  console.log(`spam: playground done at ${Date.now() - t0} ms`);

  // Deleting asks first, in a modal dialog that works from the keyboard: focus starts on Cancel, Escape keeps
  // the run, Tab then Enter on "Delete run" deletes it.
  await page.getByRole('tab', { name: 'Storage' }).click();
  const deleteRun = page.getByRole('button', { name: /^Delete Spam filter: bag of words/ });
  await expect(deleteRun).toHaveCount(1);
  await deleteRun.click();
  const dialog = page.getByRole('dialog', { name: /Delete the run “Spam filter: bag of words/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath('delete-confirm.png'), fullPage: true });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(deleteRun).toBeFocused();
  await expect(deleteRun).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete run' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(deleteRun).toHaveCount(0);
  // A dataset asks too; Cancel keeps it.
  const deleteSet = page.getByRole('button', { name: 'Delete dataset SpamAssassin e-mails (bag of words)' });
  await deleteSet.click();
  await page
    .getByRole('dialog', { name: /Delete the dataset/ })
    .getByRole('button', { name: 'Cancel' })
    .click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(deleteSet).toBeVisible();

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
