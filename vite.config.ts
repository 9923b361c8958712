// Vite configuration for the studio: Svelte, ES-module workers, a strict Content-Security-Policy in builds, and
// the offline app (vite-plugin-pwa): a generated service worker precaches the app and the dataset packs.
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

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

/**
 * Offline: the service worker precaches every built file and every dataset pack under public/datasets (the
 * MNIST packs are ~55 MB each, hence the raised size limit), so a reload without network still trains.
 * Registration is an external script (registerSW.js), which the CSP allows as 'self'.
 */
const pwa = VitePWA({
  strategies: 'generateSW',
  registerType: 'autoUpdate',
  injectRegister: 'script',
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
  },
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}', 'datasets/*.{pack,json}'],
    globIgnores: ['headless.html', '**/*.map'],
    maximumFileSizeToCacheInBytes: 128 * 2 ** 20,
    navigateFallback: 'index.html',
    cleanupOutdatedCaches: true,
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
