// Vite configuration for the studio: Svelte, ES-module workers, a strict Content-Security-Policy in builds, and
// the offline app (vite-plugin-pwa): a generated service worker precaches the app and the small dataset packs.
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { readdirSync, statSync } from 'node:fs';
import { MODEL_CACHE, MODEL_PACK_DIR, precachesPack } from './src/ui/offline-policy.ts';

/**
 * The production page and its workers may talk to their own origin only (no CDNs, fonts or analytics), and no
 * code may be made from strings. The policy goes out as a response header on every file (workers do not inherit
 * a page's <meta> policy; only their own script's header applies) and, as a fallback for hosts that cannot set
 * headers, as a <meta> tag in the page. `frame-ancestors` works only as a header, so the tag leaves it out.
 */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
];
const CSP_META = CSP_DIRECTIVES.join('; ');
/** The header form: the same policy, and no page of another origin may frame the studio. */
export const CSP_HEADER = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');
/** Response headers for every file of the built app (vite preview, and public/_headers for static hosts). */
export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Builds carry the policy twice: a <meta> tag in the page, and a `_headers` file (the format of Netlify and
 * Cloudflare Pages; docs/deploying.md shows the same headers for nginx and Apache) for hosts that read one.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'studio-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP_META}" />`),
    generateBundle() {
      const lines = Object.entries(SECURITY_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.join('\n')}\n` });
    },
  };
}

/** The dataset packs (built into public/datasets before Vite starts) that are too large for the precache. */
function largePacks(dir = 'public/datasets'): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.pack'));
  } catch {
    return [];
  }
  return files.filter((f) => !precachesPack(statSync(`${dir}/${f}`).size)).map((f) => `datasets/${f}`);
}

/**
 * Offline: the service worker precaches every built file and the dataset packs up to 2 MiB (Iris, Penguins, Cars,
 * first names, spam sequences: about 3 MB in all) and onnxruntime-web's wasm (27 MB: imported models that our engine
 * cannot run must run offline too). The large packs (MNIST and Fashion-MNIST, ~55 MB each, and the
 * 12 MB spam bag of words) are not downloaded in the background: a pack is kept for offline use when the learner
 * uses it (it is then stored in IndexedDB, where training reads it) or ticks it in the System tab's offline list.
 * The read-text models (15 MB) follow the same rule: kept when first read (runtimeCaching below) or when ticked.
 * The page registers the service worker itself (src/ui/offline-state.svelte.ts), so it can show when the offline
 * copy is ready; registration from a bundled script needs no inline script under the CSP.
 */
const pwa = VitePWA({
  strategies: 'generateSW',
  registerType: 'autoUpdate',
  injectRegister: false,
  includeAssets: ['icon.svg'],
  manifest: {
    name: 'Deep Learning Studio',
    short_name: 'DL Studio',
    description: 'Build, train and inspect neural networks on your own GPU, offline. Nothing leaves your computer.',
    start_url: '.',
    scope: '.',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#0969da',
    icons: [
      { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
    ],
    // An installed studio opens .dlstudio project files on a double-click (App.svelte reads them from launchQueue).
    file_handlers: [{ action: '.', accept: { 'application/x-dlstudio': ['.dlstudio'] } }],
  },
  workbox: {
    // The wasm: onnxruntime-web's (27 MB), so imported models that our engine cannot run still run offline.
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,wasm}', 'datasets/*.{pack,json}'],
    globIgnores: ['headless.html', '**/*.map', ...largePacks()],
    // The largest precached file is ORT's wasm; the large packs are left out above, by size.
    maximumFileSizeToCacheInBytes: 32 * 2 ** 20,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
    // The first visit's page is taken over as soon as the copy is stored, so it can say "Ready to work offline".
    clientsClaim: true,
    runtimeCaching: [
      {
        // The read-text models (15 MB): kept on first use, never downloaded in the background. Their URLs carry the
        // file's hash, so cache-first never serves an old model; the pack's manifest is read from the network first.
        urlPattern: ({ url }) => url.pathname.includes(`/${MODEL_PACK_DIR}`) && !url.pathname.endsWith('.json'),
        handler: 'CacheFirst',
        options: { cacheName: MODEL_CACHE, cacheableResponse: { statuses: [200] } },
      },
      {
        urlPattern: ({ url }) => url.pathname.includes(`/${MODEL_PACK_DIR}`) && url.pathname.endsWith('.json'),
        handler: 'NetworkFirst',
        options: { cacheName: MODEL_CACHE, cacheableResponse: { statuses: [200] } },
      },
    ],
    // Counts requests to other origins for the privacy line of the "Run a model" view (public/sw-privacy.js).
    importScripts: ['sw-privacy.js'],
  },
});

export default defineConfig({
  plugins: [svelte(), contentSecurityPolicy(), pwa],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { host: 'localhost' },
  // `vite preview` (what the e2e tests and a local check of a build use) sends the headers on every response,
  // worker scripts included; the service worker's precache keeps them with each file.
  preview: { host: 'localhost', headers: SECURITY_HEADERS },
});
