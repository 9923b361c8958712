// Debouncing and "newest request wins" for inputs that ask a worker as the user types: a request starts only
// once typing pauses, and an answer that arrives after a newer request started is dropped.

export class Latest {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current = 0;

  constructor(readonly delayMs: number) {}

  /** Runs `fn` once no other `schedule` call has come for `delayMs` (each call restarts the wait). */
  schedule(fn: () => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      fn();
    }, this.delayMs);
  }

  /** Starts a request; the returned check stays true until a newer request starts or `cancel` is called. */
  begin(): () => boolean {
    const ticket = ++this.current;
    return () => ticket === this.current;
  }

  /** Drops a scheduled call and makes every running request stale. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.current++;
  }
}
