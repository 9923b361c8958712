// Loaded into the studio's service worker (vite.config.ts, workbox importScripts): counts the requests that the
// app's pages and workers make to other origins, as the service worker sees them, and tells a page that asks
// (src/ui/privacy-state.svelte.ts). It never blocks or answers a request; the studio is meant to make none.
'use strict';
{
  const since = Date.now();
  /** Requests to other origins seen since this service worker started, by the id of the client that made them. */
  const byClient = new Map();
  const foreignUrls = [];
  self.addEventListener('fetch', (event) => {
    const url = new URL(event.request.url);
    if (url.origin === self.location.origin || !/^https?:$/.test(url.protocol)) return;
    const id = event.clientId || event.resultingClientId || '';
    byClient.set(id, (byClient.get(id) || 0) + 1);
    if (foreignUrls.length < 20) foreignUrls.push(url.origin + url.pathname);
  });
  self.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'studio-foreign-requests' || !event.ports[0]) return;
    let total = 0;
    for (const n of byClient.values()) total += n;
    const client = (event.source && event.source.id) || '';
    event.ports[0].postMessage({ page: byClient.get(client) || 0, total, since, urls: foreignUrls.slice() });
  });
}
