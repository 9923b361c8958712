// Shared by the e2e specs: records every request that would leave the app's own origin, and page errors.
import { expect, type BrowserContext, type Page } from '@playwright/test';

/** Starts recording; read `foreign` and `errors` at the end of a flow and expect both empty. */
export function guard(page: Page): { foreign: string[]; errors: string[] } {
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (!['localhost', '127.0.0.1'].includes(url.hostname) || url.port !== String(process.env.E2E_PORT ?? 4173))
      foreign.push(r.url());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { foreign, errors };
}

/**
 * Waits until the service worker has precached the app, the small dataset packs and onnxruntime-web's wasm (about
 * 31 MB), so that download does not compete with the trainer's own fetch of a pack on the single preview server;
 * flows that are not about the first visit start after it.
 */
export async function offlineReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/**
 * Opens the Train tab at `path` and starts a short MNIST MLP run (640 samples, batch 16, a checkpoint every
 * 8 steps), returning once the first checkpoint is stored: the start of every flow about interrupted training.
 */
export async function startCheckpointedRun(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await offlineReady(page);
  await expect(page.getByTestId('start')).toBeEnabled();
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('16');
  await page.getByLabel('Training samples (0 = all)').fill('640');
  await page.getByLabel('Test samples (0 = all)').fill('100');
  await page.getByLabel('Checkpoint every (steps)').fill('8');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('checkpoint')).toHaveText(/checkpoint at step (8|16|24)$/, { timeout: 120_000 });
}

/** First visit online until the offline copy is ready, then the network is cut and the page reloaded. */
export async function goOffline(page: Page, context: BrowserContext) {
  await page.goto('/');
  await offlineReady(page);
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline', { timeout: 90_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline', { timeout: 30_000 });
}
