// User flow: save a short run as a .dlstudio project, delete the run, open the file again (file picker): the run is
// back with its checkpoint and can be evaluated; a damaged file dropped on the page gets a sentence and stores nothing.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('project file: save a run, delete it, open the file, evaluate the run', async ({ page }) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-xor').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('2');
  await page.getByLabel('Seed').fill('77');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 50_000 });

  await page.getByRole('tab', { name: 'Storage' }).click();
  const rows = page.getByTestId('stored-run');
  await expect(rows).toHaveCount(1);
  const downloading = page.waitForEvent('download');
  await page.getByTestId('save-run-project').click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/\.dlstudio$/);
  const bytes = readFileSync(await file.path());
  await expect(page.getByTestId('project-notice')).toContainText('Saved');

  // Delete the run (the dialog asks first).
  await rows.getByRole('button', { name: /^Delete / }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete run' }).click();
  await expect(rows).toHaveCount(0);

  // Open it again from the picker: the run comes back, selected, with its checkpoint.
  await page.getByTestId('open-project-input').setInputFiles({
    name: file.suggestedFilename(),
    mimeType: 'application/x-dlstudio',
    buffer: bytes,
  });
  await expect(page.getByTestId('project-notice')).toContainText('the run is back with its checkpoint');
  await expect(page.getByRole('tab', { name: 'Train' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('run-status')).toHaveText('finished');
  await expect(page.getByTestId('checkpoint')).toBeVisible();

  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('accuracy')).toHaveText(/%$/, { timeout: 30_000 });

  // A damaged file dropped on the page: a sentence, and no run added.
  await page.getByRole('tab', { name: 'Storage' }).click();
  await expect(rows).toHaveCount(1);
  await page.evaluate(
    (head) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(head)], 'broken.dlstudio'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    [...bytes.subarray(0, 200)],
  );
  await expect(page.getByTestId('project-error')).toContainText(
    'The file "broken.dlstudio" is damaged or is not a studio project',
  );
  await expect(rows).toHaveCount(1);
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
