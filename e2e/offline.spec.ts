// User flow: visit once (the service worker precaches the app and the dataset packs), go offline, reload, and
// train: the page loads from the cache and the MNIST pack comes from it too. No request leaves the origin.
import { expect, test } from '@playwright/test';
import { guard } from './origin-guard.ts';

test('after one visit the studio reloads and trains with the network off', async ({ page, context }, testInfo) => {
  const g = guard(page);
  await page.goto('/');
  await expect(page.getByTestId('local-notice')).toBeVisible();
  // The service worker is active once every precached file (datasets included) is stored.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifest).toBeTruthy();

  await context.setOffline(true);
  const reloaded = await page.reload();
  await expect(page.getByTestId('local-notice')).toContainText('You are offline');
  // The cached page and scripts keep the server's Content-Security-Policy header (workers get it only that way).
  const csp = reloaded!.headers()['content-security-policy'];
  expect(csp).toContain("frame-ancestors 'none'");
  const scriptCsp = await page.evaluate(async () => {
    const src = document.querySelector<HTMLScriptElement>('script[src]')!.src;
    return (await fetch(src)).headers.get('content-security-policy');
  });
  expect(scriptCsp).toBe(csp);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('32');
  await page.getByLabel('Training samples (0 = all)').fill('256');
  await page.getByLabel('Test samples (0 = all)').fill('100');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('error')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('offline-trained.png'), fullPage: true });
  await context.setOffline(false);

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
