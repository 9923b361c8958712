// The history cap of a run's curves: how many points a curve keeps and how a longer run is thinned to that many.
// One rule for the training worker (the stored history) and the page (the live curves), so a reload redraws the same.
import type { TrainEvent } from '../engine/index.ts';

/**
 * Most points a thinned series keeps besides its newest one. A run reports at most one step every 250 ms, so a
 * run shorter than about 8 minutes keeps every report; a longer one keeps one point per bucket of steps.
 */
export const HISTORY_CAP = 2000;

/**
 * A series of points in ascending x (global steps), thinned as it grows so that it never holds more than `cap + 1`:
 * x is cut into buckets of `width` steps, the smallest power of two with every x < cap · width, and the series keeps
 * the first point of each bucket plus the newest point (so a live curve always reaches the present). The result
 * depends only on the points, not on when thinning ran, and thinning a thinned series changes nothing; that is
 * what lets a page rebuild from the stored (thinned) history the same curve it drew live. Appending is amortised
 * O(1): a bucket doubling moves each kept point once, and it happens only when x has doubled. Columns are plain
 * arrays kept in place (compaction shrinks them, it never replaces them), so a chart can draw them directly.
 */
export class Thinning {
  /** x of each kept point, ascending. */
  readonly x: number[] = [];
  /** Value columns, one entry per kept point. */
  readonly columns: (number | null)[][];
  /** Bucket width in steps (a power of two). */
  width = 1;
  /** Elements written, moved or removed so far: a cost measure for tests (appending N points must be O(N)). */
  work = 0;
  /** Whether the last point is kept only because it is the newest (not the first of its bucket). */
  private provisional = false;

  /**
   * @param columns number of value columns
   * @param removed told the row index before a kept point is dropped (lets an owner keep running counts)
   */
  constructor(
    columns: number,
    readonly cap = HISTORY_CAP,
    private readonly removed?: (row: number) => void,
  ) {
    this.columns = Array.from({ length: columns }, () => []);
  }

  get length(): number {
    return this.x.length;
  }

  /** Adds a point; an x at or before the last one is a rewind (a run resumed from an earlier checkpoint). */
  push(x: number, values: readonly (number | null)[]): void {
    const xs = this.x;
    if (xs.length && x <= xs[xs.length - 1]) {
      // What came after the checkpoint is computed again: drop it, as the stored history never had it.
      while (xs.length && xs[xs.length - 1] >= x) this.pop();
      this.provisional = false;
    } else if (this.provisional) {
      this.pop();
      this.provisional = false;
    }
    if (x >= this.cap * this.width) {
      while (x >= this.cap * this.width) this.width *= 2;
      this.compact();
    }
    const n = xs.length;
    const first = n === 0 || Math.floor(x / this.width) !== Math.floor(xs[n - 1] / this.width);
    xs.push(x);
    for (let c = 0; c < this.columns.length; c++) this.columns[c].push(values[c] ?? null);
    this.work++;
    this.provisional = !first;
  }

  private pop(): void {
    this.removed?.(this.x.length - 1);
    this.x.pop();
    for (const col of this.columns) col.pop();
    this.work++;
  }

  /** Keeps the first point of each bucket at the current width (every kept point was a first at the old one). */
  private compact(): void {
    const xs = this.x;
    let kept = 0;
    let bucket = -1;
    for (let r = 0; r < xs.length; r++) {
      const b = Math.floor(xs[r] / this.width);
      if (b === bucket) {
        this.removed?.(r);
        this.work++;
        continue;
      }
      bucket = b;
      if (kept !== r) {
        xs[kept] = xs[r];
        for (const col of this.columns) col[kept] = col[r];
        this.work++;
      }
      kept++;
    }
    xs.length = kept;
    for (const col of this.columns) col.length = kept;
  }
}

/**
 * A run's stored history as the training worker keeps it: every epoch and `done` event, and the step reports thinned
 * by the curve's rule (`Thinning`) once they pass 2 × HISTORY_CAP and make up more than half of the history. So the
 * history holds at most max(2 × HISTORY_CAP, other events) + 1 step reports, and thinning (O(history)) runs only
 * after at least as many new reports as it costs: amortised O(1) per event. The array is thinned in place.
 */
export class StoredHistory {
  private steps: number;

  constructor(readonly events: TrainEvent[]) {
    this.steps = events.filter((e) => e.kind === 'step').length;
  }

  /** Adds an event (what the page was sent), thinning the step reports when they have grown enough. */
  add(ev: TrainEvent): void {
    this.events.push(ev);
    if (ev.kind !== 'step') return;
    this.steps++;
    if (this.steps <= 2 * HISTORY_CAP || this.steps <= this.events.length / 2) return;
    thinStoredSteps(this.events);
    this.steps = this.events.filter((e) => e.kind === 'step').length;
  }
}

/** Thins the step reports of a history in place by the curve's rule; other events stay, in their order. */
export function thinStoredSteps(events: TrainEvent[]): void {
  const steps = new Thinning(1);
  events.forEach((e, i) => e.kind === 'step' && steps.push(e.globalStep, [i]));
  const keep = new Set(steps.columns[0]);
  let w = 0;
  events.forEach((e, i) => {
    if (e.kind !== 'step' || keep.has(i)) events[w++] = e;
  });
  events.length = w;
}
