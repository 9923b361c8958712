// `npm run bench -- [--quick | --full] [--only suites] [--reps N] [--warmup N] [--systems ...] [--check] [--autotune]
// [--out f.json] [--markdown f.md]`
// Times our engine against TF.js (WebGPU) and ONNX Runtime Web (WebGPU EP) in one headless Chromium page.
import { createServer } from 'vite';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from './chromium.mjs';
import { benchCli, progressLine } from './bench/cli.mjs';

/** Serves the page, runs the plan in Chromium and resolves with { env, rows }. */
async function runInBrowser(plan) {
  const server = await createServer({
    logLevel: 'error',
    // No file watching or HMR: others edit the tree while a run is in progress, and a reload would kill it.
    server: { port: 0, host: 'localhost', hmr: false, watch: null },
    // Pre-bundle everything the page imports up front, so Vite never reloads the page mid-run.
    optimizeDeps: {
      entries: ['scripts/bench/bench.html'],
      include: [
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-core/dist/register_all_gradients',
        '@tensorflow/tfjs-backend-webgpu',
        '@tensorflow/tfjs-layers',
      ],
      exclude: ['onnxruntime-web'],
    },
  });
  await server.listen();
  const url = server.resolvedUrls.local[0];
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error(`[page] ${m.text()}`);
    });
    await page.exposeFunction('benchProgress', (json) => {
      const { kind, data } = JSON.parse(json);
      console.log(progressLine(kind, data));
    });
    await page.goto(`${url}scripts/bench/bench.html`);
    await page.waitForFunction(() => typeof window.runBench === 'function', null, { timeout: 120_000 });
    return await page.evaluate((p) => window.runBench(p), plan);
  } finally {
    await browser.close();
    await server.close();
  }
}

await benchCli('npm run bench', process.argv.slice(2), runInBrowser);
