// A worker for src/ui/clients/worker-link.test.ts (never part of the app): answers, hangs in a synchronous
// loop, or throws outside any call.
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';

answerPings();
const api = {
  add: (a: number, b: number) => a + b,
  /** Busy for `ms` without yielding: pings go unanswered. */
  hang(ms: number) {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      /* stuck */
    }
    return 'done';
  },
  /** Never answers, and throws an uncaught error a moment later. */
  crash() {
    setTimeout(() => {
      throw new Error('boom');
    }, 10);
    return new Promise<never>(() => {});
  },
  /** Slow but responsive: awaits between steps, so pings are answered. */
  async slow(steps: number) {
    for (let i = 0; i < steps; i++) await new Promise((r) => setTimeout(r, 50));
    return steps;
  },
};
export type TestWorkerApi = typeof api;
Comlink.expose(api);
