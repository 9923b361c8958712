// User flow: read text offline. First visit online: the read-text models (15 MB, shipped with the app) are kept for
// offline use from the System tab; then the network is cut, the page reloaded, and a picture of text (rendered in
// the page itself) is read in the Read text tab: boxes drawn, lines listed, .csv downloaded. No request leaves the
// origin.
import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

const LINES = ['Invoice 2024-117', 'Total 48.50 EUR'];

/** A PNG of dark text lines on light paper, drawn by the page's own canvas (DejaVu Sans, from the system). */
async function textPicture(page: Page, lines: string[]): Promise<Buffer> {
  const bytes = await page.evaluate(async (lines) => {
    const canvas = new OffscreenCanvas(320, 112);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fbfaf7';
    ctx.fillRect(0, 0, 320, 112);
    ctx.fillStyle = '#1d1d1f';
    ctx.font = '20px "DejaVu Sans"';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    lines.forEach((l, i) => ctx.fillText(l, 160, 56 + (i - (lines.length - 1) / 2) * 34));
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  }, lines);
  return Buffer.from(bytes);
}

/** First visit online: the offline copy, then the read-text models kept from the System tab; then offline. */
async function keepModelsThenGoOffline(page: Page, context: BrowserContext) {
  await page.goto('/#system');
  await offlineReady(page);
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline', { timeout: 90_000 });
  const row = page.getByTestId('offline-pack-models');
  await expect(row).toContainText('stored when you first read a picture while online');
  await row.getByRole('checkbox').check();
  await expect(row).toContainText('stored in this browser', { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline', { timeout: 30_000 });
  await expect(page.getByTestId('offline-pack-models')).toContainText('stored in this browser');
}

test('the read-text models are kept for offline use from the System tab', async ({ page, context }) => {
  const seen = guard(page);
  await keepModelsThenGoOffline(page, context);
  // The pack's files are in the service worker's model cache, under their hashed URLs.
  const cached = await page.evaluate(async () =>
    (await (await caches.open('studio-models')).keys()).map((r) => new URL(r.url).pathname).sort(),
  );
  expect(cached.filter((p) => /\.(onnx|txt)$/.test(p))).toHaveLength(4);
  await page.getByRole('tab', { name: 'Read text' }).click();
  await expect(page.getByTestId('read-text-files')).toBeAttached();
  expect(seen.foreign).toEqual([]);
  expect(seen.errors).toEqual([]);
});

// The three PP-OCR models run on our own engine (compileOnnx in workers/ocr.worker.ts), offline.
test('reads the text of a picture offline: boxes, lines, .csv', async ({ page, context }) => {
  // Most of it is compiling the three models' shaders on the software adapter (about a minute on two busy cores).
  test.setTimeout(180_000);
  const seen = guard(page);
  await keepModelsThenGoOffline(page, context);
  const picture = await textPicture(page, LINES);
  await page.getByRole('tab', { name: 'Read text' }).click();
  await page
    .getByTestId('read-text-files')
    .setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: picture });
  await expect(page.getByTestId('read-text-picture')).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  await expect(page.getByTestId('read-text-lines').locator('.text')).toHaveText(LINES);
  await expect(page.getByTestId('read-text-canvas')).toHaveAttribute('data-boxes', '2');
  const download = page.waitForEvent('download');
  await page.getByTestId('read-text-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toBe('file,line,text,confidence,x0,y0,x1,y1,x2,y2,x3,y3');
  expect(csv).toContain('invoice.png,1,Invoice 2024-117,');
  expect(csv).toContain('invoice.png,2,Total 48.50 EUR,');
  expect(seen.foreign).toEqual([]);
  expect(seen.errors).toEqual([]);
});
