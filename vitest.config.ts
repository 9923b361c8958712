// Vitest configuration: pure-logic tests run in Node; kernel and engine tests run in real Chromium with WebGPU.
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { searchForWorkspaceRoot } from 'vite';
import type { BrowserCommand } from 'vitest/node';

/** Lists a folder (relative to the repo root) for browser tests that walk test data, e.g. ../shared/onnx-node. */
const listDir: BrowserCommand<[path: string]> = ({ project }, path) =>
  readdirSync(resolve(project.config.root, path)).sort();

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['src/**/*.node.test.ts', 'kernels/**/*.node.test.ts', 'scripts/**/*.node.test.ts'],
          environment: 'node',
        },
      },
      {
        // Svelte components (the charts) are rendered in browser tests too.
        plugins: [svelte()],
        // Browser tests may read the shared test data beside the clone (the ONNX conformance cases).
        server: { fs: { allow: [searchForWorkspaceRoot(process.cwd()), resolve(process.cwd(), '../shared')] } },
        test: {
          name: 'browser',
          include: ['src/**/*.test.ts', 'kernels/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/bench/*.test.ts'],
          exclude: ['**/*.node.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
          // Pre-bundle what browser tests import, so Vite never reloads a page mid-run.
          deps: {
            optimizer: {
              client: {
                include: [
                  '@tensorflow/tfjs-core',
                  '@tensorflow/tfjs-core/dist/register_all_gradients',
                  '@tensorflow/tfjs-backend-cpu',
                  '@tensorflow/tfjs-layers',
                  'onnxruntime-web/wasm',
                  'comlink',
                  'idb',
                  'papaparse',
                  'uplot',
                  'd3-scale-chromatic',
                  'onnxruntime-web/webgpu',
                ],
              },
            },
          },
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
            commands: { listDir },
          },
        },
      },
    ],
  },
});
