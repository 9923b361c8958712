// Security policy: the built app's files (page and worker scripts) carry a Content-Security-Policy header, and it
// holds inside a worker: no eval, no new Function, no request to another origin. (offline.spec.ts checks that the
// service worker's cached copies keep the header.)
import { expect, test, type Page } from '@playwright/test';

/** Runs as a worker script: tries what the policy forbids and posts what happened. */
const PROBE = `
const attempt = async (f) => { try { await f(); return 'allowed'; } catch (e) { return e.name; } };
postMessage({
  eval: await attempt(() => (0, eval)('1 + 1')),
  newFunction: await attempt(() => new Function('return 1')()),
  fetchForeign: await attempt(() => fetch('http://foreign.test/probe')),
});`;

/**
 * Starts a worker from `scriptUrl` with the probe as its body but the server's own response headers for that
 * URL (or those headers without the policy, as a control that shows the probe can tell the difference).
 */
async function probeWorker(page: Page, scriptUrl: string, variant: 'served' | 'no-policy') {
  return page.evaluate(
    (url) =>
      new Promise((resolve) => {
        const w = new Worker(url, { type: 'module' });
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => resolve({ error: e.message });
      }),
    `${scriptUrl}?probe=${variant}`,
  );
}

test('the policy is a response header and holds inside the workers', async ({ page, context }) => {
  const foreignHits: string[] = [];
  // Answered locally if it is ever requested, so a request that the policy lets through is seen, not failed.
  await context.route('http://foreign.test/**', (route) => {
    foreignHits.push(route.request().url());
    return route.fulfill({ status: 200, body: 'reached' });
  });
  await page.route(/\?probe=/, async (route) => {
    const served = await route.fetch();
    const headers: Record<string, string> = { ...served.headers(), 'content-type': 'text/javascript' };
    if (route.request().url().endsWith('probe=no-policy')) delete headers['content-security-policy'];
    await route.fulfill({ status: 200, headers, body: PROBE });
  });
  const workerUrls: string[] = [];
  page.on('worker', (w) => workerUrls.push(w.url()));

  const response = await page.goto('/');
  const header = response!.headers()['content-security-policy'];
  expect(header).toContain("default-src 'self'");
  expect(header).toContain("frame-ancestors 'none'");
  expect(header).not.toContain("'unsafe-eval'");
  await expect(page.getByTestId('local-notice')).toBeVisible();

  // The System view needs the system worker; every worker script comes with the same header.
  await page.getByRole('tab', { name: 'System' }).click();
  await expect.poll(() => workerUrls.length).toBeGreaterThan(0);
  for (const url of workerUrls) expect((await page.request.get(url)).headers()['content-security-policy']).toBe(header);

  const script = workerUrls[0];
  expect(await probeWorker(page, script, 'no-policy')).toEqual({
    eval: 'allowed',
    newFunction: 'allowed',
    fetchForeign: 'allowed',
  });
  expect(foreignHits).toHaveLength(1);
  expect(await probeWorker(page, script, 'served')).toEqual({
    eval: 'EvalError',
    newFunction: 'EvalError',
    fetchForeign: 'TypeError',
  });
  expect(foreignHits).toHaveLength(1);
});
