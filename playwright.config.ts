// Playwright configuration for e2e/: the built app served by `vite preview`, driven in Debian's Chromium with WebGPU.
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  workers: 1,
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: '.test-reports/e2e.json' }]],
  use: {
    baseURL: 'http://localhost:4173',
    headless: true,
    screenshot: 'on',
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
  },
  webServer: {
    command: 'npx vite preview --port 4173 --strictPort',
    url: 'http://localhost:4173',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
