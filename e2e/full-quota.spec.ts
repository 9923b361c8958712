// User flow: the browser's storage is full (quota overridden through the DevTools protocol, as a nearly
// full disk would leave it). Importing a dataset fails with a sentence that says what to do, the datasets
// already stored are unchanged, and once space is freed the same import succeeds. No request leaves the origin.
import { expect, test, type Page } from '@playwright/test';
import { guard } from './origin-guard.ts';

// About 2 MB of CSV: 20,000 rows of 10 numbers and a label.
const BIG = [
  'a,b,c,d,e,f,g,h,i,j,label',
  ...Array.from({ length: 20_000 }, (_, r) =>
    [...Array.from({ length: 10 }, (_, c) => ((r * 31 + c * 17) % 997) / 10), r % 2 ? 'odd' : 'even'].join(','),
  ),
].join('\n');

const listedIds = (page: Page) =>
  page.getByTestId('dataset-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

async function importBig(page: Page, title: string) {
  await page.getByTestId('csv-file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(BIG) });
  await expect(page.getByTestId('csv-preview')).toContainText('label', { timeout: 30_000 });
  await page.getByTestId('import-title').fill(title);
  await page.getByTestId('import').click();
}

test('a full quota: the import fails with an actionable sentence, nothing changes, and it works once space is freed', async ({
  page,
  context,
  baseURL,
}, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await expect(page.getByTestId('dataset-list')).toContainText('Iris flowers');
  const before = await listedIds(page);

  const cdp = await context.newCDPSession(page);
  const origin = new URL(baseURL!).origin;
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + 64 * 1024 });

  await importBig(page, 'Too big');
  const error = page.getByTestId('import-error');
  await expect(error).toBeVisible({ timeout: 120_000 });
  await expect(error).toContainText('no storage space left');
  await expect(error).toContainText('Storage tab');
  await page.screenshot({ path: testInfo.outputPath('quota-full.png'), fullPage: true });
  expect(await listedIds(page)).toEqual(before);

  // Space freed (the quota back to the browser's own): the same import goes through.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await importBig(page, 'Fits now');
  await expect(page.getByTestId('import-notice')).toContainText('Imported “Fits now”: 20,000 samples', {
    timeout: 120_000,
  });
  // The notice can come before the list refreshes: wait for the new row.
  await expect.poll(async () => (await listedIds(page)).length).toBe(before.length + 1);

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
