// What a starting or training run is doing, in words, and when it will end. The first step of a run compiles the GPU
// kernels and can take a minute, so no estimate is given until several steps after it have been timed; the rate is a
// moving average over the last half-minute of step reports. Pure, so it is tested without a worker.

/** What the worker said it is doing before its first step (`phase` events), or null once steps arrive. */
export type StartPhase = 'loading' | 'compiling' | null;

/** At least this many steps after the first reported one, and this long, before an ETA is given. */
export const ETA_MIN_STEPS = 5;
export const ETA_MIN_MS = 2000;
/** The rate is averaged over the step reports of this last stretch of time. */
export const ETA_WINDOW_MS = 30_000;

/** A step report: the run's global step and when it arrived (ms, any monotonic clock). */
export interface StepMark {
  step: number;
  t: number;
}

/**
 * Times step reports since a run (re)started. The first report's time includes loading and compiling, so it is
 * only the starting line: rates count the steps after it.
 */
export class StepClock {
  private first: StepMark | null = null;
  private recent: StepMark[] = [];

  reset(): void {
    this.first = null;
    this.recent = [];
  }

  add(step: number, t: number): void {
    const mark = { step, t };
    this.first ??= mark;
    this.recent.push(mark);
    // Keep one mark older than the window, so the window always spans it.
    while (this.recent.length > 2 && t - this.recent[1].t > ETA_WINDOW_MS) this.recent.shift();
  }

  /** Whether enough steps have been timed for an estimate. */
  get ready(): boolean {
    const last = this.recent.at(-1);
    return (
      !!this.first && !!last && last.step - this.first.step >= ETA_MIN_STEPS && last.t - this.first.t >= ETA_MIN_MS
    );
  }

  /** Steps per second over the window, or null while too few steps have been timed. */
  stepsPerSecond(): number | null {
    if (!this.ready) return null;
    const last = this.recent.at(-1)!;
    const from = this.recent[0].t < last.t ? this.recent[0] : this.first!;
    const rate = (last.step - from.step) / ((last.t - from.t) / 1000);
    return rate > 0 && Number.isFinite(rate) ? rate : null;
  }

  /** Seconds until step `totalSteps`, or null while too few steps have been timed. */
  eta(totalSteps: number): number | null {
    const rate = this.stepsPerSecond();
    const last = this.recent.at(-1);
    if (rate === null || !last || totalSteps <= 0) return null;
    return Math.max(0, totalSteps - last.step) / rate;
  }
}

/** What the status line needs to say what a run is doing. */
export interface ActivityFacts {
  training: boolean;
  phase: StartPhase;
  /** Dataset progress while it is downloaded or stored (`dataset` events). */
  dataset: { id: string; stage: string; loaded: number; total: number } | null;
  /** A step has been reported since this start. */
  stepped: boolean;
  /** The ETA is known. */
  timed: boolean;
}

const mb = (b: number) => `${Math.round(b / 1e6)} MB`;

/** The words for what the run is doing, or null when the step counter and ETA say enough (or nothing runs). */
export function activityText(f: ActivityFacts): string | null {
  if (!f.training) return null;
  if (!f.stepped) {
    const d = f.dataset;
    if (d && d.stage === 'download')
      return d.total > 0
        ? `downloading the ${d.id} dataset (${mb(d.loaded)} of ${mb(d.total)})`
        : `downloading the ${d.id} dataset`;
    if (d && d.stage === 'store') return `storing the ${d.id} dataset in this browser`;
    if (f.phase === 'compiling') return 'compiling the GPU kernels for the first step (it takes longest)';
    return 'loading the dataset and the model';
  }
  return f.timed ? null : 'timing the first steps for an estimate';
}
