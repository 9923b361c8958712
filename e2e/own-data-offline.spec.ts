// User flow: your own data, end to end, with the network off after the first visit. A CSV with numeric and
// categorical columns is imported, a proposed model trained, evaluated, and one typed row predicted; an image folder
// (colour pictures in one sub-folder per class) is imported, a proposed CNN trained, and an uploaded picture
// classified. Nothing here needs the network, and no request leaves the origin.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { goOffline, guard } from './origin-guard.ts';
import { CSV, png } from './own-data.ts';

/** A mostly red or mostly blue picture with a seeded speckle, so no two are alike. */
function picture(kind: 'red' | 'blue', seed: number): Buffer {
  return png(20, 20, (x, y) => {
    const n = ((x * 7 + y * 13 + seed * 31) % 17) * 4;
    return kind === 'red' ? [200 + (n % 56), n, 40] : [40, n, 200 + (n % 56)];
  });
}

/** Chooses the imported dataset in the Model tab, keeps the proposed model, and trains it from the Train tab. */
async function trainProposal(page: Page, title: string, epochs: string) {
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.getByTestId('dataset-choice').selectOption({ label: `${title} (imported)` });
  await expect(page.getByTestId('model-summary')).toContainText(`Fits “${title}”`, { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('next-run')).toContainText(title);
  await page.getByLabel('Epochs').fill(epochs);
  await page.getByLabel('Batch size').fill('16');
  await page.getByLabel('Learning rate').fill('0.03');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 240_000 });
}

test('offline: import a CSV, train the proposed model, evaluate it and predict one typed row', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(420_000);
  const g = guard(page);
  await goOffline(page, context);

  await page.getByRole('tab', { name: 'Datasets' }).click();
  await page
    .getByTestId('csv-file')
    .setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByTestId('csv-preview')).toContainText('colour', { timeout: 30_000 });
  await page.getByTestId('import-title').fill('Shapes offline');
  await page.getByTestId('import').click();
  await expect(page.getByTestId('import-notice')).toContainText('150 samples', { timeout: 60_000 });

  await trainProposal(page, 'Shapes offline', '6');
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('accuracy')).toContainText('%', { timeout: 60_000 });
  expect(Number.parseFloat((await page.getByTestId('accuracy').textContent()) ?? '0')).toBeGreaterThan(60);

  // One row typed into the Playground's form: the numbers as fields with their training range, the colour a menu.
  await page.getByRole('tab', { name: 'Playground' }).click();
  const form = page.getByTestId('row-form');
  await expect(form.getByRole('spinbutton')).toHaveCount(2, { timeout: 30_000 });
  await expect(form).toContainText(/\d+(\.\d+)? to \d+(\.\d+)? in training/);
  await expect(page.getByRole('list', { name: 'Probability of each class' }).locator('li')).toHaveCount(3, {
    timeout: 30_000,
  });
  // Blue is always class c.
  await form.getByLabel('colour').selectOption('blue');
  await expect(page.getByTestId('prediction')).toHaveText(/The model says: c /, { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('csv-row-offline.png'), fullPage: true });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});

test('offline: import an image folder, train the proposed CNN and classify an uploaded picture', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(420_000);
  const g = guard(page);
  // The folder a person would pick: colours/red/*.png and colours/blue/*.png.
  const root = testInfo.outputPath('colours');
  for (const kind of ['red', 'blue'] as const) {
    mkdirSync(`${root}/${kind}`, { recursive: true });
    for (let i = 0; i < 30; i++) writeFileSync(`${root}/${kind}/${i}.png`, picture(kind, i));
  }
  await goOffline(page, context);

  await page.getByRole('tab', { name: 'Datasets' }).click();
  await page.getByRole('radio', { name: 'Image folder' }).check();
  await page.getByTestId('image-folder').setInputFiles(root);
  await page.getByLabel('Size', { exact: true }).selectOption('16');
  await page.getByLabel('Colour', { exact: true }).selectOption('3');
  await page.getByTestId('import-title').fill('Colours offline');
  await page.getByTestId('import').click();
  await expect(page.getByTestId('import-notice')).toContainText('60 samples', { timeout: 60_000 });

  await trainProposal(page, 'Colours offline', '4');
  await page.getByRole('tab', { name: 'Playground' }).click();
  // A colour set: pictures are uploaded (at 16×16, in colour) and the model's view of the upload is shown.
  await page
    .getByTestId('upload-image')
    .setInputFiles({ name: 'probe.png', mimeType: 'image/png', buffer: picture('red', 99) });
  await expect(page.getByTestId('prediction')).toHaveText(/The model says: red /, { timeout: 60_000 });
  await expect(page.getByRole('img', { name: 'The picture as the model read it' })).toBeVisible();
  await page
    .getByTestId('upload-image')
    .setInputFiles({ name: 'probe2.png', mimeType: 'image/png', buffer: picture('blue', 98) });
  await expect(page.getByTestId('prediction')).toHaveText(/The model says: blue /, { timeout: 60_000 });
  await page.screenshot({ path: testInfo.outputPath('image-upload-offline.png'), fullPage: true });
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
