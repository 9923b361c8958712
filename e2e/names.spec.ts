// User flow: train the names Transformer briefly, generate names with a temperature, and open the attention
// view for a typed name and for a chosen test sample. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test('train the names Transformer briefly, generate names and see its attention', async ({ page }, testInfo) => {
  test.setTimeout(300_000);
  const t0 = Date.now();
  const g = guard(page);
  await page.goto('/');
  await offlineReady(page);
  await page.getByTestId('preset-names-transformer').click();
  await expect(page.getByTestId('layer-table')).toContainText('transformerBlock');
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('8');
  await page.getByLabel('Training samples (0 = all)').fill('64');
  await page.getByLabel('Test samples (0 = all)').fill('16');
  await page.getByTestId('start').click();
  // Brief: one epoch of 8 steps (the software GPU of CI compiles every Transformer kernel on the first step).
  // The run is left to finish rather than paused: a pause racing the last step would find the button disabled.
  await expect(page.getByTestId('run-status')).toHaveText(/finished/, { timeout: 200_000 });
  console.log(`names: trained at ${Date.now() - t0} ms`);

  await page.getByRole('tab', { name: 'Playground' }).click();
  await page.getByLabel(/Temperature/).fill('0.8');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('names').locator('li')).toHaveCount(10, { timeout: 60_000 });
  await expect(page.getByTestId('names').locator('li').first()).toHaveText(/^[A-Z][a-z]*$|^\(empty\)$/);
  await page.screenshot({ path: testInfo.outputPath('names-generated.png'), fullPage: true });
  console.log(`names: generated at ${Date.now() - t0} ms`);

  await page.getByRole('tab', { name: 'Inside the model' }).click();
  await page.getByLabel('Name', { exact: true }).fill('emma');
  await page.getByTestId('attention').click();
  await expect(page.getByTestId('attention-maps')).toHaveCount(2, { timeout: 60_000 });
  await expect(page.getByRole('img', { name: /Layer 3, head 1 attention/ })).toBeVisible();
  // The numbers behind every map (each map's hidden table): row i is a softmax over positions 0..i of "·emma".
  const maps = await page
    .getByTestId('attention-maps')
    .getByTestId('heatmap-values')
    .evaluateAll((tables) =>
      tables.map((t) =>
        [...t.querySelectorAll('tbody tr')].map((tr) =>
          [...tr.querySelectorAll('td')].map((td) => Number(td.textContent)),
        ),
      ),
    );
  expect(maps.length).toBeGreaterThanOrEqual(2);
  for (const map of maps) {
    expect(map).toHaveLength(5);
    map.forEach((row, i) => {
      expect(row).toHaveLength(5);
      // Four decimals per entry: a row of five may drift from 1 by 2.5e-4 in rounding.
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(3e-4);
      row.forEach((w, j) => (j > i ? expect(w).toBe(0) : expect(w).toBeGreaterThanOrEqual(0)));
    });
  }
  // A test sample instead of a typed name: its letters become the rows and columns of the maps.
  await page.getByTestId('sample-index').fill('1');
  await page.getByTestId('sample-index').press('Enter');
  await expect(page.getByTestId('sample-preview')).toContainText(/“[a-z]+”\s*Test sample 1/, { timeout: 30_000 });
  const sampleName = (await page.getByTestId('sample-preview').locator('code').textContent())!.replace(/[“”]/g, '');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(sampleName);
  await expect(page.getByRole('img', { name: `Layer 3, head 1 attention for “${sampleName}”` })).toBeVisible();
  await page.getByTestId('histograms').click();
  await expect(page.getByRole('img', { name: /Histogram of layers\[0\]\.table/ })).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: testInfo.outputPath('attention-view.png'), fullPage: true });

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
