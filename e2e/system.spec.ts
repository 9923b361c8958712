// User flow: open the studio, see whether WebGPU works and which adapter it got, run the kernel self-test.
// Also checks that the page makes no request outside its own origin and carries a Content-Security-Policy.
import { expect, test } from '@playwright/test';

test('the studio shows the adapter and passes the GPU self-test', async ({ page }, testInfo) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (!['localhost', '127.0.0.1'].includes(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'blob:')
      foreign.push(r.url());
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto('/');
  await expect(page.getByTestId('local-notice')).toBeVisible();
  await page.getByRole('tab', { name: 'System' }).click();
  await expect(page.getByTestId('webgpu-status')).toHaveText(/WebGPU is available/, { timeout: 60_000 });
  await expect(page.getByTestId('adapter')).not.toBeEmpty();
  // CI runs on SwiftShader: the page must say so and warn.
  await expect(page.getByTestId('fallback')).toHaveText('yes');
  await expect(page.getByTestId('fallback-warning')).toBeVisible();

  await page.getByLabel('Matrix size').selectOption('128');
  await page.getByTestId('self-test').click();
  await expect(page.getByTestId('self-test-result')).toHaveText(/^Passed: 128×128 matmul/, { timeout: 120_000 });
  const gflops = Number((await page.getByTestId('gflops').textContent())!.split(' ')[0]);
  const medianMs = Number(/median ([\d.]+) ms/.exec((await page.getByTestId('self-test-result').textContent())!)![1]);
  // The rate is the work over the time shown: 2·128³ FLOPs in the median time (both rounded for display).
  expect(Math.abs(gflops - (2 * 128 ** 3) / (medianMs * 1e6))).toBeLessThan(0.01 + 0.05 * gflops);
  // A plausible band for the adapter. SwiftShader on 2 cores runs a 128³ matmul at about 0.1 GFLOP/s including
  // submit and readback (BENCHMARKS.md); 50× either way still excludes a rate in the wrong unit or a time that
  // missed the GPU work (recording alone is far faster). A hardware GPU pays ~0.1–2 ms of round trip for 4 MFLOP.
  const [low, high] = (await page.getByTestId('fallback').textContent()) === 'yes' ? [0.002, 5] : [0.2, 500];
  console.log(`system: ${gflops} GFLOP/s (median ${medianMs} ms), band ${low}–${high}`);
  expect(gflops).toBeGreaterThan(low);
  expect(gflops).toBeLessThan(high);
  await page.screenshot({ path: testInfo.outputPath('system-view.png'), fullPage: true });

  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("default-src 'self'");
  expect(foreign).toEqual([]);
  expect(errors).toEqual([]);
});
