// User flow: on the System view, tune the kernels for this GPU, watch the progress, and read the table of winners;
// after a reload the stored table is shown again, and "Forget tuned tiles" clears it.
import { expect, test } from '@playwright/test';

// 54 s at load 15: the configured limit (playwright.config.ts) is a margin.
test('tuning the kernels shows progress, then a table of winners that survives a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.getByRole('tab', { name: 'System' }).click();
  await expect(page.getByTestId('tuning-status')).toHaveText(/Not tuned yet/, { timeout: 60_000 });
  await page.getByTestId('tune-kernels').click();
  await expect(page.getByText(/Timing tile .+ \(\d+ of \d+\)/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('tuning-table')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('tuning-status')).toHaveText(/^\d+ problem sizes tuned/);
  await expect(
    page.getByTestId('tuning-table').getByRole('row', { name: /matmul, M ≤ 128, N ≤ 128, K ≤ 128/ }),
  ).toBeVisible();

  await page.reload();
  await page.getByRole('tab', { name: 'System' }).click();
  await expect(page.getByTestId('tuning-table')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Forget tuned tiles' }).click();
  await expect(page.getByTestId('tuning-status')).toHaveText(/Not tuned yet/);
  expect(errors).toEqual([]);
});
