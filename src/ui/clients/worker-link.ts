// One worker and its Comlink API, watched: a worker that fails (an uncaught error, a message it cannot read) or
// stops answering pings while a call waits rejects every pending call with a typed error and is started again,
// so no call waits forever and the next call works. The worker side answers pings with workers/heartbeat.ts.
import * as Comlink from 'comlink';

/** A worker failed or stopped answering; its pending calls were rejected and it was restarted. */
export class WorkerFailedError extends Error {
  constructor(
    readonly worker: string,
    readonly reason: 'crashed' | 'unresponsive',
    detail: string,
  ) {
    super(
      reason === 'unresponsive'
        ? `The ${worker} worker stopped answering for ${detail} (it may be out of memory, or busy with a model too large for this computer). It was restarted; what was stored is safe. Try a smaller model or batch size.`
        : `The ${worker} worker failed (${detail}). It was restarted; what was stored is safe. Try again, and reload the page if it happens again.`,
    );
    this.name = 'WorkerFailedError';
  }
}

export interface WorkerLinkOptions {
  /** How often to ping while a call is pending (ms). */
  pingEveryMs?: number;
  /** No answer to pings for this long while a call is pending means the worker is stuck (ms). */
  unresponsiveAfterMs?: number;
}

export class WorkerLink<Api> {
  private worker!: Worker;
  private remote!: Comlink.Remote<Api>;
  private readonly pending = new Set<(err: Error) => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastAnswer = 0;
  private pingId = 0;
  private readonly pingEveryMs: number;
  private readonly unresponsiveAfterMs: number;
  /** How many times the worker was restarted (for tests and the debug panel). */
  restarts = 0;
  /** Called after a restart, with the reason (a state class may reset what it knew of the worker). */
  onRestart: ((err: WorkerFailedError) => void) | null = null;

  /** The worker's API: every call is tracked, so a failed worker rejects it instead of leaving it waiting. */
  readonly api: Comlink.Remote<Api>;

  constructor(
    readonly name: string,
    private readonly make: () => Worker,
    options: WorkerLinkOptions = {},
  ) {
    this.pingEveryMs = options.pingEveryMs ?? 5_000;
    this.unresponsiveAfterMs = options.unresponsiveAfterMs ?? 60_000;
    this.start();
    this.api = new Proxy({} as Comlink.Remote<Api>, {
      get: (_, prop) => {
        if (prop === Comlink.releaseProxy) return () => this.remote[Comlink.releaseProxy]();
        // Not a promise: `await link.api` must not call the worker.
        if (prop === 'then') return undefined;
        return (...args: unknown[]) =>
          this.track(() =>
            (this.remote as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[prop](...args),
          );
      },
    });
  }

  private start(): void {
    const worker = this.make();
    this.worker = worker;
    this.remote = Comlink.wrap<Api>(worker);
    this.lastAnswer = performance.now();
    // Events still queued from a worker already replaced must not fail its successor.
    const current = () => worker === this.worker;
    worker.addEventListener('message', (e: MessageEvent) => {
      if (current() && e.data && typeof e.data === 'object' && '__pong' in e.data) this.lastAnswer = performance.now();
    });
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      if (current()) this.fail(new WorkerFailedError(this.name, 'crashed', e.message || 'its script could not run'));
    });
    worker.addEventListener('messageerror', () => {
      if (current()) this.fail(new WorkerFailedError(this.name, 'crashed', 'a message could not be read'));
    });
  }

  private track<T>(call: () => T): Promise<Awaited<T>> {
    return new Promise<Awaited<T>>((resolve, reject) => {
      const rejectThis = (err: Error) => reject(err);
      this.pending.add(rejectThis);
      this.watch();
      Promise.resolve()
        .then(call)
        .then(
          (v) => resolve(v as Awaited<T>),
          (e: unknown) => reject(e),
        )
        .finally(() => {
          this.pending.delete(rejectThis);
          if (this.pending.size === 0) this.unwatch();
        });
    });
  }

  /** Pings while calls are pending; a worker silent for too long is failed. */
  private watch(): void {
    if (this.timer) return;
    this.lastAnswer = performance.now();
    this.timer = setInterval(() => {
      const silent = performance.now() - this.lastAnswer;
      if (silent > this.unresponsiveAfterMs) {
        this.fail(new WorkerFailedError(this.name, 'unresponsive', `${Math.round(silent / 1000)} s`));
        return;
      }
      this.worker.postMessage({ __ping: ++this.pingId });
    }, this.pingEveryMs);
  }

  private unwatch(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Rejects every pending call, ends the worker and starts a fresh one. */
  private fail(err: WorkerFailedError): void {
    this.unwatch();
    const waiting = [...this.pending];
    this.pending.clear();
    this.worker.terminate();
    this.restarts++;
    this.start();
    for (const reject of waiting) reject(err);
    this.onRestart?.(err);
  }

  dispose(): void {
    this.unwatch();
    this.worker.terminate();
  }
}
