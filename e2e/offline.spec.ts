// User flow: visit once (the service worker stores the app and the small dataset packs, and the header says when
// the page is ready to work offline; no large pack is downloaded unasked), keep MNIST for offline use in the System
// tab, go offline, reload, and train on it. A large pack not chosen says it needs the network. No request leaves the
// origin.
import { expect, test } from '@playwright/test';
import { guard } from './origin-guard.ts';

const LARGE_PACK = /\/datasets\/(mnist|fashion-mnist|spam-bow)\.pack$/;

test('after one visit the studio reloads and trains offline on a pack kept for offline use', async ({
  page,
  context,
}, testInfo) => {
  const g = guard(page);
  // Service worker and dedicated worker requests included: which large packs were fetched, and by whom.
  const largeFetched: string[] = [];
  context.on('request', (r) => {
    if (LARGE_PACK.test(new URL(r.url()).pathname)) largeFetched.push(new URL(r.url()).pathname);
  });
  await page.goto('/');
  await expect(page.getByTestId('local-notice')).toBeVisible();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline', { timeout: 90_000 });
  const manifest = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifest).toBeTruthy();

  // The offline copy holds the app and the small packs, and no large pack was downloaded in the background.
  const cached = await page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys())
      for (const req of await (await caches.open(name)).keys()) paths.push(new URL(req.url).pathname);
    return paths;
  });
  expect(cached).toContain('/datasets/iris.pack');
  expect(cached).toContain('/index.html');
  expect(cached.filter((p) => LARGE_PACK.test(p))).toEqual([]);
  expect(largeFetched).toEqual([]);

  // Choose MNIST for offline use; Fashion-MNIST stays unchosen.
  await page.getByRole('tab', { name: 'System' }).click();
  const mnist = page.getByTestId('offline-pack-mnist');
  const fashion = page.getByTestId('offline-pack-fashion-mnist');
  await expect(page.getByTestId('offline-pack-iris')).toContainText('included in the offline copy');
  await expect(mnist.getByTestId('offline-pack-state')).toHaveText('needs the network');
  await expect(mnist).toContainText(/55\.0\s+MB/);
  await mnist.getByLabel('Keep for offline use').check();
  await expect(mnist.getByTestId('offline-pack-state')).toHaveText('stored in this browser', { timeout: 120_000 });
  expect([...new Set(largeFetched)]).toEqual(['/datasets/mnist.pack']);

  await context.setOffline(true);
  const reloaded = await page.reload();
  await expect(page.getByTestId('local-notice')).toContainText('You are offline');
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline');
  // The cached page and scripts keep the server's Content-Security-Policy header (workers get it only that way).
  const csp = reloaded!.headers()['content-security-policy'];
  expect(csp).toContain("frame-ancestors 'none'");
  const scriptCsp = await page.evaluate(async () => {
    const src = document.querySelector<HTMLScriptElement>('script[src]')!.src;
    return (await fetch(src)).headers.get('content-security-policy');
  });
  expect(scriptCsp).toBe(csp);

  // The list says which large pack works offline and which needs the network.
  await expect(mnist.getByTestId('offline-pack-state')).toHaveText('stored in this browser');
  await expect(fashion.getByTestId('offline-pack-state')).toHaveText('needs the network');
  await expect(fashion.getByLabel('Keep for offline use')).not.toBeChecked();

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

  expect([...new Set(largeFetched)]).toEqual(['/datasets/mnist.pack']);
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
