// User flow: import a small CSV in the Datasets view and see its samples; then import a CSV with a bad row,
// see an error that names the line, and find the stored datasets unchanged; export the good one from the
// Storage view and get its rows back. No request leaves the origin.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { guard } from './origin-guard.ts';

const GOOD = [
  'width,height,kind',
  ...Array.from(
    { length: 30 },
    (_, i) => `${(1 + (i % 7) * 0.5).toFixed(1)},${(2 + (i % 5) * 0.3).toFixed(1)},${i % 3 === 0 ? 'tall' : 'short'}`,
  ),
].join('\n');
// Line 6 (the header is line 1) has an extra field.
const BAD = [
  'width,height,kind',
  '1.0,2.0,tall',
  '1.5,2.3,short',
  '2.0,2.6,short',
  '2.5,2.9,tall',
  '3.0,3.2,short,oops',
  '3.5,2.0,tall',
].join('\n');

const listedIds = (page: Page) =>
  page.getByTestId('dataset-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

async function chooseCsv(page: Page, name: string, content: string, title: string) {
  await page.getByTestId('csv-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
  await expect(page.getByTestId('csv-preview')).toContainText('kind', { timeout: 30_000 });
  await page.getByTestId('import-title').fill(title);
}

test('import a CSV, then a CSV with a bad row: the error names the line and stored datasets are unchanged', async ({
  page,
}, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await expect(page.getByTestId('dataset-list')).toContainText('Iris flowers');

  // A good import: preview, label column, import; it is listed and selected with its samples.
  await chooseCsv(page, 'shapes.csv', GOOD, 'Shapes');
  await expect(page.getByTestId('csv-label')).toHaveValue('2');
  await page.getByTestId('import').click();
  await expect(page.getByTestId('import-notice')).toContainText('Imported “Shapes”: 30 samples', { timeout: 60_000 });
  const good = page.getByTestId('dataset-row').filter({ hasText: 'Shapes' });
  await expect(good).toHaveCount(1);
  await expect(good).toContainText('imported');
  await expect(page.getByTestId('class-counts')).toContainText('tall');
  await expect(page.getByTestId('sample-grid')).toContainText('short');
  const before = await listedIds(page);
  expect(before.filter((id) => id?.startsWith('imported-'))).toHaveLength(1);

  // A bad import: the error names the file and line; nothing new is stored.
  await chooseCsv(page, 'broken.csv', BAD, 'Broken');
  await page.getByTestId('import').click();
  const error = page.getByTestId('import-error');
  await expect(error).toBeVisible({ timeout: 60_000 });
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(error).toContainText('broken.csv, line 6');
  await page.screenshot({ path: testInfo.outputPath('import-error.png'), fullPage: true });
  expect(await listedIds(page)).toEqual(before);
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'Broken' })).toHaveCount(0);

  // After a reload the same datasets are stored, and the good import still loads its samples.
  await page.reload();
  await page.getByRole('tab', { name: 'Datasets' }).click();
  await expect(page.getByTestId('dataset-list')).toContainText('Shapes');
  expect(await listedIds(page)).toEqual(before);
  await page.getByRole('button', { name: 'Shapes', exact: true }).click();
  await expect(page.getByTestId('sample-grid')).toContainText(/tall|short/);
  await expect(page.getByTestId('class-counts')).toContainText('short');
  await page.screenshot({ path: testInfo.outputPath('datasets-view.png'), fullPage: true });

  // Export the imported set from the Storage view: a zip with the rows back in their original units.
  await page.getByRole('tab', { name: 'Storage' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export dataset Shapes' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('Shapes.zip');
  const zip = unzipSync(new Uint8Array(readFileSync(await file.path())));
  const rows = ['train.csv', 'test.csv'].flatMap((f) => strFromU8(zip[f]).trim().split(/\r?\n/).slice(1));
  expect(strFromU8(zip['train.csv']).split(/\r?\n/)[0]).toBe('width,height,kind');
  expect(rows.sort()).toEqual(
    GOOD.split('\n')
      .slice(1)
      .map((l) => l.replace(/(\d)\.0,/g, '$1,').replace(/(\d)\.0,/g, '$1,'))
      .sort(),
  );
  await expect(page.getByTestId('export-notice')).toContainText('Exported Shapes.zip: CSV tables');
  await page.screenshot({ path: testInfo.outputPath('storage-export.png'), fullPage: true });

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
