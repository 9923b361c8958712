// User flow: presenter mode at 1920×1080 (?present=1): body text of at least 24 px, high contrast, advanced
// controls hidden, chart lines of at least 3 px, a keyboard shortcut that starts and pauses training, and a
// full-window chart. A screenshot is attached to the test.
import { expect, test } from '@playwright/test';
import { guard, offlineReady } from './origin-guard.ts';

test.use({ viewport: { width: 1920, height: 1080 } });

test('presenter mode is readable at 1920×1080 and K starts and pauses training', async ({ page }, testInfo) => {
  const g = guard(page);
  await page.goto('/?present=1');
  await offlineReady(page);
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');

  // Large type and high contrast.
  const body = await page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { size: parseFloat(s.fontSize), color: s.color };
  });
  expect(body.size).toBeGreaterThanOrEqual(24);
  expect(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']).toContain(body.color);
  const para = await page.getByTestId('local-notice').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(para).toBeGreaterThanOrEqual(24);

  // Advanced controls are hidden: housekeeping tabs and the Train view's advanced settings.
  await expect(page.getByRole('tab', { name: 'Storage' })).toBeHidden();
  await expect(page.getByRole('tab', { name: 'System' })).toBeHidden();
  await page.getByTestId('preset-xor').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('more-settings')).toBeHidden();
  await expect(page.getByLabel('Seed')).toBeHidden();
  await page.getByLabel('Epochs').fill('200');

  // K starts a run (nothing focused in a field), K again pauses it.
  await page.locator('#train-title').click();
  await page.keyboard.press('k');
  await expect(page.getByTestId('presenter-note')).toHaveText('Starting a new run…');
  await expect(page.getByTestId('start')).toBeDisabled();
  await expect(page.getByTestId('run-status')).toHaveText('running', { timeout: 30_000 });
  await page.keyboard.press('k');
  await expect(page.getByTestId('presenter-note')).toHaveText('Pausing training…');
  await expect(page.getByTestId('start')).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId('run-status')).not.toHaveText('running');

  // Chart lines of at least 3 px; F shows the loss chart in the full window, Esc leaves it.
  const chart = page.getByTestId('loss-chart');
  await expect(chart).toBeVisible();
  expect(Number(await chart.getAttribute('data-min-line-width'))).toBeGreaterThanOrEqual(3);
  await page.keyboard.press('f');
  await expect(chart).toHaveClass(/full/);
  const box = await chart.boundingBox();
  expect(box?.width).toBeGreaterThan(1800);
  expect(box?.height).toBeGreaterThan(1000);
  const full = await page.screenshot({ path: testInfo.outputPath('presenter-full-chart.png') });
  await testInfo.attach('presenter-1920x1080-full-chart', { body: full, contentType: 'image/png' });
  await page.keyboard.press('Escape');
  await expect(chart).not.toHaveClass(/full/);
  const shot = await page.screenshot({ path: testInfo.outputPath('presenter-1920x1080.png') });
  await testInfo.attach('presenter-1920x1080', { body: shot, contentType: 'image/png' });

  // N is reserved for lessons and says so; the toggle turns presenter mode off again.
  await page.keyboard.press('n');
  await expect(page.getByTestId('presenter-note')).toContainText('lessons are not in the studio yet');
  // High contrast in the dark theme too: white on black.
  await page.getByTestId('theme-toggle').click();
  await page.getByTestId('theme-toggle').click();
  await expect(page.getByTestId('theme-toggle')).toContainText('dark');
  expect(
    await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return [s.color, s.backgroundColor];
    }),
  ).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
  await page.getByTestId('presenter-toggle').click();
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))).toBeLessThan(24);
  await expect(page.getByTestId('more-settings')).toBeVisible();

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
