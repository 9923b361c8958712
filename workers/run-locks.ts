// Which runs a worker is training or about to train, visible to every tab: a Web Lock per run (navigator.locks),
// held from the run's creation or start until it rests (paused, stopped, finished, failed). A closed tab's locks go
// with it, so a run that is still `running` in IndexedDB but has no lock was interrupted.
const PREFIX = 'dl-studio-run:';
const held = new Map<string, () => void>();

/** Holds run `id`'s lock in this worker (once). */
export function holdRun(id: string): void {
  if (held.has(id)) return;
  let release: () => void = () => {};
  const released = new Promise<void>((r) => (release = r));
  held.set(id, release);
  void navigator.locks?.request(PREFIX + id, () => released).catch(() => {});
}

/** Lets go of run `id`'s lock (it rests, or it failed to start). */
export function releaseRun(id: string): void {
  held.get(id)?.();
  held.delete(id);
}

/** The runs some worker, in this tab or another, holds (this worker's own even where Web Locks are missing). */
export async function liveRuns(): Promise<Set<string>> {
  return new Set([...held.keys(), ...(await lockedRuns())]);
}

/** The runs whose lock any worker of this origin holds or waits for (empty where Web Locks are missing). */
async function lockedRuns(): Promise<string[]> {
  const q = await navigator.locks?.query?.().catch(() => null);
  return [...(q?.held ?? []), ...(q?.pending ?? [])]
    .filter((l) => l.name?.startsWith(PREFIX))
    .map((l) => l.name!.slice(PREFIX.length));
}

/** Whether another worker (in this tab or another) holds or waits for run `id`'s lock, not this one. */
export async function heldElsewhere(id: string): Promise<boolean> {
  return !held.has(id) && (await lockedRuns()).includes(id);
}

const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('dl-studio-runs') : null;

/**
 * Tells every tab of the studio that run `id` changed (its status, a checkpoint, created or deleted), so their run
 * lists stay current (src/ui/run-state.svelte.ts listens).
 */
export function announceRun(id: string): void {
  channel?.postMessage({ runId: id });
}
