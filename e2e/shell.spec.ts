// User flow: move around the studio with the keyboard only, switch to the dark theme, and check that the views
// fit a 1280×720 projector. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard } from './origin-guard.ts';

test.use({ viewport: { width: 1280, height: 720 } });

test('tabs work from the keyboard, the theme toggles, and the page fits 1280×720', async ({ page }, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await expect(page.getByTestId('preset-mnist-mlp')).toBeVisible();
  await page.getByRole('tab', { name: 'Model', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Train' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Train' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Train', level: 2 })).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'System' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab').first()).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab').first()).toBeFocused();

  // Every control on the Train view has an accessible name.
  await page.getByRole('tab', { name: 'Train' }).click();
  for (const name of ['Epochs', 'Batch size', 'Learning rate', 'Optimizer', 'Seed'])
    await expect(page.getByLabel(name, { exact: true })).toBeVisible();

  // Nothing overflows sideways at 1280 px.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await page.getByTestId('theme-toggle').click(); // system → light
  await page.getByTestId('theme-toggle').click(); // light → dark
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(13, 17, 23)');
  await page.getByRole('tab', { name: 'Model', exact: true }).click();
  await page.screenshot({ path: testInfo.outputPath('dark-model-1280x720.png') });
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
