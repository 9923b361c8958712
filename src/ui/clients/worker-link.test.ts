// WorkerLink in a real browser worker: a stuck worker or one that throws outside a call rejects its pending calls
// with a typed error and is restarted, and the next call works; a slow but responsive worker is left alone.
import { afterEach, describe, expect, test } from 'vitest';
import { WorkerFailedError, WorkerLink } from './worker-link.ts';
import { friendlyError } from '../errors.ts';

/** The API of workers/link-test.worker.ts (the UI may not import from workers/, even types). */
interface TestWorkerApi {
  add(a: number, b: number): number;
  hang(ms: number): string;
  crash(): Promise<never>;
  slow(steps: number): Promise<number>;
}

let link: WorkerLink<TestWorkerApi>;
const make = () =>
  new WorkerLink<TestWorkerApi>(
    'test',
    () => new Worker(new URL('../../../workers/link-test.worker.ts', import.meta.url), { type: 'module' }),
    { pingEveryMs: 50, unresponsiveAfterMs: 1_000 },
  );
afterEach(() => link.dispose());

describe('WorkerLink', () => {
  test('calls go through', async () => {
    link = make();
    expect(await link.api.add(2, 3)).toBe(5);
  });

  test('a worker stuck in a loop rejects the pending call, is restarted, and answers the next one', async () => {
    link = make();
    const err = await link.api.hang(60_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerFailedError);
    expect((err as WorkerFailedError).reason).toBe('unresponsive');
    expect(friendlyError(err)).toMatch(/stopped answering .* restarted/);
    expect(link.restarts).toBe(1);
    expect(await link.api.add(1, 1)).toBe(2);
  });

  test('an uncaught error in the worker rejects every pending call and restarts it', async () => {
    link = make();
    const restarted = new Promise<WorkerFailedError>((r) => (link.onRestart = r));
    const calls = [link.api.crash(), link.api.crash()].map((p) => (p as Promise<unknown>).catch((e: unknown) => e));
    const errs = await Promise.all(calls);
    for (const e of errs) expect((e as WorkerFailedError).reason).toBe('crashed');
    expect((await restarted).message).toMatch(/boom/);
    expect(await link.api.add(4, 4)).toBe(8);
    // Both calls' timers threw in the old worker; only one restart, and the new worker keeps answering.
    expect(link.restarts).toBe(1);
    expect(await link.api.add(5, 5)).toBe(10);
  });

  test('a slow worker that still answers pings is not restarted', async () => {
    link = make();
    expect(await link.api.slow(30)).toBe(30);
    expect(link.restarts).toBe(0);
  });
});
