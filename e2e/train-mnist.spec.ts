// User flow: choose the MNIST MLP preset, train on a small subset and watch the loss fall, evaluate on test
// data, then draw a 1 and a 0 and get each one back. No request may leave the app's origin.
import { expect, test, type Page } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

/** Draws one stroke through `points` (fractions of the pad's width and height) with the mouse. */
async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.getByTestId('draw-pad').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + box.width * x, box.y + box.height * y] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p));
  await page.mouse.up();
}

test('train the MNIST MLP on a subset, evaluate it and classify a drawn 1 and a drawn 0', async ({
  page,
}, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-mnist-mlp').click();
  await expect(page.getByTestId('model-summary')).toContainText('101,770');
  await expect(page.getByTestId('layer-table')).toContainText('[128]');
  await page.screenshot({ path: testInfo.outputPath('model-view.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Learning rate').fill('0.003');
  // 32 steps, twice the 15 that still ended near a loss of 1.3, so the drawn 1 and 0 below are read right.
  await page.getByLabel('Training samples (0 = all)').fill('1024');
  await page.getByLabel('Test samples (0 = all)').fill('200');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  const losses = await page.evaluate(
    () => document.querySelector('[data-testid="last-loss"]')!.parentElement!.textContent!,
  );
  const [last, first] = [...losses.matchAll(/(\d+\.\d+)/g)].map((m) => Number(m[1]));
  expect(last).toBeLessThan(first);
  await page.screenshot({ path: testInfo.outputPath('train-view.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  const acc = parseFloat((await page.getByTestId('accuracy').textContent())!);
  expect(acc).toBeGreaterThan(30);
  await expect(page.getByTestId('confusion-matrix')).toBeVisible();
  // A cell opens the samples behind it: the diagonal cell of the digit 1 (the canvas says where its cells start).
  const matrix = page.getByTestId('confusion-matrix');
  const [left, top, cell] = await Promise.all(
    ['left', 'top', 'cell'].map(async (k) => Number(await matrix.getAttribute(`data-${k}`))),
  );
  await matrix.click({ position: { x: left + cell * 1.5, y: top + cell * 1.5 } });
  await expect(page.getByTestId('cell-title')).toHaveText(/^True 1, predicted 1: \d+ samples?$/, { timeout: 30_000 });
  await expect(page.getByTestId('cell-samples').locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('evaluate-view.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Playground' }).click();
  const prediction = page.getByTestId('prediction');
  // A clear 1: one upright stroke. The pad fits the ink into MNIST's 20×20 box, so size and place do not matter.
  await stroke(
    page,
    Array.from({ length: 11 }, (_, i) => [0.5, 0.15 + 0.07 * i]),
  );
  await expect(prediction).toHaveText(/The model says: \d/, { timeout: 30_000 });
  console.log(`mnist: drew 1, ${await prediction.textContent()}`);
  await expect(prediction).toHaveText(/^The model says: 1 /);
  await page.screenshot({ path: testInfo.outputPath('playground-view.png'), fullPage: true });
  // A clear 0: a closed upright oval.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(prediction).toHaveCount(0);
  await stroke(
    page,
    Array.from({ length: 25 }, (_, i) => {
      const a = (i / 24) * 2 * Math.PI;
      return [0.5 + 0.22 * Math.sin(a), 0.5 - 0.32 * Math.cos(a)];
    }),
  );
  await expect(prediction).toHaveText(/The model says: \d/, { timeout: 30_000 });
  console.log(`mnist: drew 0, ${await prediction.textContent()}`);
  await expect(prediction).toHaveText(/^The model says: 0 /);
  await page.screenshot({ path: testInfo.outputPath('playground-zero.png'), fullPage: true });

  // Uploading a picture works too: a dark "7" on white paper, made here on a canvas.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByTestId('prediction')).toHaveCount(0);
  const png = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = c.height = 200;
    const x = c.getContext('2d')!;
    x.fillStyle = '#fff';
    x.fillRect(0, 0, 200, 200);
    x.fillStyle = '#000';
    x.font = 'bold 160px sans-serif';
    x.textAlign = 'center';
    x.textBaseline = 'middle';
    x.fillText('7', 100, 110);
    return c.toDataURL('image/png').split(',')[1];
  });
  await page
    .getByTestId('upload-image')
    .setInputFiles({ name: 'seven.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
  await expect(page.getByTestId('prediction')).toHaveText(/The model says: \d/, { timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('playground-upload.png'), fullPage: true });

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
