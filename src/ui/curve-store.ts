// The curves of one run, appended event by event (O(1) amortised each) and capped by the shared history rule, so a
// long run costs the page the same per step as a short one. Plain TypeScript: the run state bumps a rune on change.
import type { TrainEvent } from '../engine/index.ts';
import { HISTORY_CAP, Thinning } from '../protocol/history.ts';

type StepEvent = Extract<TrainEvent, { kind: 'step' }>;
type EpochEvent = Extract<TrainEvent, { kind: 'epoch' }>;
type DoneEvent = Extract<TrainEvent, { kind: 'done' }>;

/** Columns of `CurveStore.steps`. */
export const STEP_LOSS = 0;
export const STEP_LR = 1;
/** The batch's training accuracy (classification runs; null in histories stored before steps reported it). */
export const STEP_ACC = 2;
/** Columns of `CurveStore.epochs`. */
export const EPOCH_TRAIN_LOSS = 0;
export const EPOCH_VAL_LOSS = 1;
export const EPOCH_TRAIN_ACC = 2;
export const EPOCH_VAL_ACC = 3;

/** A non-finite value (a diverged loss) is a gap in the chart, not a point. */
const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

export class CurveStore {
  /** Step reports: x is the global step; columns loss, learning rate and the batch's accuracy. */
  readonly steps: Thinning;
  /** Epoch summaries at the global step where each epoch ended; columns train loss, val loss, train/val accuracy. */
  readonly epochs: Thinning;
  /** The newest step report, epoch summary and ending (for the status line and the ETA). */
  lastStep: StepEvent | null = null;
  lastEpoch: EpochEvent | null = null;
  lastDone: DoneEvent | null = null;
  /** Kept step points whose learning rate differs from the first one's: the schedule changed the rate. */
  private lrDiffers = 0;

  constructor(cap = HISTORY_CAP) {
    this.steps = new Thinning(3, cap, (row) => {
      if (this.differs(row)) this.lrDiffers--;
    });
    this.epochs = new Thinning(4, cap);
  }

  /** Builds the curves of a stored history; gives the same points as adding its events live. */
  static from(history: readonly TrainEvent[], cap = HISTORY_CAP): CurveStore {
    const store = new CurveStore(cap);
    for (const ev of history) store.add(ev);
    return store;
  }

  /** Adds one event; returns whether the curves or the summary changed. */
  add(ev: TrainEvent): boolean {
    switch (ev.kind) {
      case 'step':
        this.steps.push(ev.globalStep, [finite(ev.loss), ev.lr, finite(ev.accuracy ?? null)]);
        if (this.differs(this.steps.length - 1)) this.lrDiffers++;
        this.lastStep = ev;
        return true;
      case 'epoch':
        // The epoch-end step report may have been thinned out of a stored history, so its step is computed.
        this.epochs.push(this.epochEndStep(ev), [
          finite(ev.trainLoss),
          finite(ev.valLoss),
          finite(ev.trainAccuracy),
          finite(ev.valAccuracy),
        ]);
        this.lastEpoch = ev;
        return true;
      case 'done':
        this.lastDone = ev;
        return true;
    }
  }

  /** Loss of the first kept step (the first report is the first of its bucket, so it is never thinned out). */
  get firstLoss(): number | null {
    return this.steps.length ? this.steps.columns[STEP_LOSS][0] : null;
  }

  /** Loss of the newest step (always kept). */
  get lastLoss(): number | null {
    return this.steps.length ? this.steps.columns[STEP_LOSS][this.steps.length - 1] : null;
  }

  /** The newest x of either series (the step the curves reach), or null when empty. */
  get lastX(): number | null {
    const a = this.steps.x.at(-1);
    const b = this.epochs.x.at(-1);
    return a === undefined ? (b ?? null) : b === undefined ? a : Math.max(a, b);
  }

  /** Whether the learning rate changed along the kept steps (warm-up or decay), so its chart is worth showing. */
  get lrVaries(): boolean {
    return this.lrDiffers > 0;
  }

  private differs(row: number): boolean {
    const lr = this.steps.columns[STEP_LR];
    return row > 0 && lr[row] !== lr[0];
  }

  /** Epoch e (0-based) ends after (e + 1) · stepsPerEpoch steps; without a step report yet, at step 0. */
  private epochEndStep(ev: EpochEvent): number {
    return this.lastStep ? (ev.epoch + 1) * this.lastStep.stepsPerEpoch : 0;
  }
}
