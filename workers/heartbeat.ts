// Answers the page's liveness pings (src/ui/clients/worker-link.ts) beside Comlink's own messages, which ignore
// them. A worker stuck in a long synchronous loop cannot answer, and that is how the page notices.

/** Installs the ping handler; call once at the top of a worker. */
export function answerPings(): void {
  self.addEventListener('message', (e: MessageEvent) => {
    const d = e.data as { __ping?: unknown } | null;
    if (d && typeof d === 'object' && typeof d.__ping === 'number') self.postMessage({ __pong: d.__ping });
  });
}
