// User flow: a new user's own CSV with an id-like text column. The import fails with advice that names the form's
// "Use as" choice and category limit; the form shows the file's first rows and those controls; choosing "ignore"
// for the column imports it. Then the Storage view's total covers the listed dataset, and the Train form's batch
// size input allows exactly the range its error states.
import { expect, test, type Page } from '@playwright/test';
import { guard } from './origin-guard.ts';

const PEOPLE = [
  'name,city,age,bought',
  ...Array.from(
    { length: 80 },
    (_, i) => `person ${i},${['rome', 'oslo', 'lima'][i % 3]},${20 + (i % 40)},${i % 2 ? 'yes' : 'no'}`,
  ),
].join('\n');

/** Bytes from the Storage view's "512 B" / "12.3 KiB" / "4.0 MiB" / "1.00 GiB". */
const bytesOf = (text: string) => {
  const [, n, unit] = text.match(/([\d.]+)\s*(B|KiB|MiB|GiB)/)!;
  return Number(n) * { B: 1, KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30 }[unit as 'KiB']!;
};

async function importPeople(page: Page) {
  await page
    .getByTestId('csv-file')
    .setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(PEOPLE) });
  await expect(page.getByTestId('csv-head')).toContainText('person 0', { timeout: 30_000 });
  await page.getByTestId('import-title').fill('People');
}

test('an id-like column: the advice names real controls, and "ignore" makes the import work', async ({
  page,
}, testInfo) => {
  const g = guard(page);
  await page.goto('/#datasets');
  await expect(page.getByTestId('dataset-list')).toContainText('Iris flowers');

  // The preview: the first rows as they are, each column's use, the target, the task and the category limit.
  await importPeople(page);
  await expect(page.getByTestId('csv-head').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('csv-label')).toHaveValue('3');
  await expect(page.getByLabel('Use as for column name')).toHaveValue('categorical');
  await expect(page.getByLabel('Use as for column age')).toHaveValue('numeric');
  await expect(page.getByLabel('Category limit')).toHaveValue('50');
  await expect(page.getByLabel('Task')).toBeVisible();

  // The first try fails, and the advice names the controls above.
  await page.getByTestId('import').click();
  const error = page.getByTestId('import-error');
  await expect(error).toContainText('column "name" has 80 different text values', { timeout: 60_000 });
  await expect(error).toContainText(/set its "Use as" to "ignore",\s+or raise the Category limit to 80 or more/);
  await page.screenshot({ path: testInfo.outputPath('csv-advice.png'), fullPage: true });
  await expect(page.getByTestId('dataset-row').filter({ hasText: 'People' })).toHaveCount(0);

  // Following the advice: "ignore" for the name column.
  await page.getByLabel('Use as for column name').selectOption('ignore');
  await page.getByTestId('import').click();
  await expect(page.getByTestId('import-notice')).toContainText('Imported “People”: 80 samples', { timeout: 60_000 });
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  const grid = page.getByTestId('sample-grid');
  await expect(grid).toContainText('rome');
  // The ignored column is left out: the rows have city, age and the label only.
  expect(await grid.locator('th').allTextContents()).toEqual(['#', 'city', 'age', 'Label']);
  await page.screenshot({ path: testInfo.outputPath('csv-imported.png'), fullPage: true });

  // Storage: the studio's own total is at least the dataset it lists; the browser's estimate is labelled apart.
  await page.getByRole('tab', { name: 'Storage' }).click();
  const row = page.getByTestId('stored-datasets').locator('tr').filter({ hasText: 'People' });
  await expect(row).toHaveCount(1);
  const datasetBytes = bytesOf((await row.locator('td').nth(2).textContent())!);
  await expect(page.getByTestId('storage-own-total')).toBeVisible();
  expect(bytesOf((await page.getByTestId('storage-own-total').textContent())!)).toBeGreaterThanOrEqual(datasetBytes);
  await expect(page.getByTestId('storage-usage')).toContainText('navigator.storage.estimate()');
  await page.screenshot({ path: testInfo.outputPath('storage.png'), fullPage: true });

  // The Train form's batch size input and the worker's error state the same range (XOR: a generated set, nothing
  // to download before the settings are checked).
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId('preset-xor').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  const batch = page.getByLabel('Batch size');
  await expect(batch).toHaveAttribute('max', '65536');
  await expect(batch).toHaveAttribute('min', '1');
  await batch.fill('65537');
  await page.getByTestId('start').click();
  await expect(page.getByRole('alert')).toContainText(
    'Batch size must be a whole number from 1 to 65536 (it is 65537).',
  );

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
