// User flow: private local inference, offline. A small ONNX classifier (written by our own encoder) is imported
// through the "Run a model" tab with the network cut, run on a picture and on a batch, its results downloaded as
// CSV, a broken file refused with nothing stored, and the model deleted; the privacy line reads 0 throughout, and
// no request leaves the origin.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { goOffline, guard, offlineReady } from './origin-guard.ts';
import { png } from './own-data.ts';
import { tinyOnnx } from '../src/interop/testing/tiny-onnx.ts';

// Pictures at the model's own 2×2, so no resampling blurs them: the tiny model's answer is known exactly.
/** Left column white: the model reads [1, 0, 1, 0] → “top-left”, softmax(1.1, 0, 0.9) = 46.5%. */
const leftWhite = png(2, 2, (x) => (x === 0 ? [255, 255, 255] : [0, 0, 0]));
/** Bottom row white: [0, 0, 1, 1] → “bottom”. */
const bottomWhite = png(2, 2, (_, y) => (y === 1 ? [255, 255, 255] : [0, 0, 0]));

test('offline: import an ONNX model, run it on pictures, download the results, delete it; zero requests elsewhere', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(240_000);
  const g = guard(page);
  await goOffline(page, context);
  await page.getByRole('tab', { name: 'Run a model' }).click();
  await expect(page.getByText('No model imported yet.')).toBeVisible();

  // A file that is not a model: a sentence naming it, and nothing stored.
  await page.getByTestId('model-file').setInputFiles({
    name: 'notes.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('these are my notes'),
  });
  await expect(page.getByTestId('run-model-error')).toContainText('notes.onnx is not an ONNX model');
  await expect(page.getByTestId('run-model-error')).toContainText('Nothing was stored');
  await expect(page.getByText('No model imported yet.')).toBeVisible();

  // The model, with its class names in a labels file.
  await page.getByTestId('labels-file').setInputFiles({
    name: 'labels.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('top-left\ntop-right\nbottom\n'),
  });
  await page.getByTestId('model-file').setInputFiles({
    name: 'quadrants.onnx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(tinyOnnx({ input: 'image' })),
  });
  await expect(page.getByTestId('run-model-notice')).toContainText('Imported quadrants.onnx', { timeout: 90_000 });
  const card = page.getByTestId('model-card');
  await expect(card).toContainText('quadrants.onnx');
  await expect(card.getByRole('table', { name: 'Model signature' })).toContainText('[1 × 1 × 2 × 2]');
  await expect(page.getByTestId('model-engine')).toContainText(/Runs on (the studio’s own engine|onnxruntime-web)/);

  // One picture: its top classes as bars, the best one named.
  await page.getByTestId('model-images').setInputFiles({ name: 'left.png', mimeType: 'image/png', buffer: leftWhite });
  await expect(page.getByTestId('top-label')).toContainText('The model says: top-left (46.5%)', { timeout: 60_000 });
  await expect(page.getByRole('list', { name: 'Probability of each class' }).locator('li')).toHaveCount(3);
  await page.screenshot({ path: testInfo.outputPath('run-model-one.png'), fullPage: true });

  // A batch: a table of answers, and the CSV.
  await page.getByTestId('model-images').setInputFiles([
    { name: 'a.png', mimeType: 'image/png', buffer: leftWhite },
    { name: 'b.png', mimeType: 'image/png', buffer: bottomWhite },
  ]);
  const batch = page.getByTestId('batch-results');
  await expect(batch.locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
  await expect(batch.locator('tbody tr').nth(1)).toContainText('bottom');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-results').click()]);
  const csv = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('item,output,shape,label,probability,top,min,max,mean,error');
  expect(csv.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
    'a.png,y,1x3,top-left',
    'b.png,y,1x3,bottom',
  ]);

  // The privacy line, after all that: nothing went to another site.
  await expect(page.getByTestId('privacy-count')).toHaveText('0');
  await expect(page.getByTestId('privacy-line')).toContainText('service worker');
  await expect(page.getByTestId('privacy-line')).toContainText('never leave this computer');

  // Listed with the runs in the Storage view; deleted from there after a confirmation.
  await page.getByRole('tab', { name: 'Storage' }).click();
  await expect(page.getByTestId('stored-model')).toHaveCount(1);
  await expect(page.getByTestId('stored-model')).toContainText('quadrants.onnx');
  await page.getByRole('button', { name: 'Delete model quadrants' }).click();
  await page.getByTestId('confirm-ok').click();
  await expect(page.getByText('No models imported.')).toBeVisible();
  await page.getByRole('tab', { name: 'Run a model' }).click();
  await expect(page.getByText('No model imported yet.')).toBeVisible();
  await expect(page.getByTestId('privacy-count')).toHaveText('0');

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});

test('a run trained in the studio comes in as ONNX and classifies CSV rows, with its class names', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-iris').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('2');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 150_000 });

  await page.getByRole('tab', { name: 'Run a model' }).click();
  await page.getByTestId('run-choice').selectOption({ index: 1 });
  await page.getByTestId('use-run').click();
  await expect(page.getByTestId('run-model-notice')).toContainText(/Imported .*\.onnx/, { timeout: 90_000 });
  await expect(page.getByTestId('model-card')).toContainText('3 class names');
  await page.getByTestId('model-csv').fill('5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n');
  await page.getByTestId('run-rows').click();
  const batch = page.getByTestId('batch-results');
  await expect(batch.locator('tbody tr')).toHaveCount(2, { timeout: 60_000 });
  await expect(batch.locator('tbody tr').first()).toContainText(/setosa|versicolor|virginica/i);
  await page.screenshot({ path: testInfo.outputPath('run-model-trained-run.png'), fullPage: true });
  await expect(page.getByTestId('privacy-count')).toHaveText('0');
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
