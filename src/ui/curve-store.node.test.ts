// The live curves: appending is O(1) amortised without rebuilding arrays, the history cap holds, and a run rebuilt
// from the history the worker stores draws the same points as the page drew live, however long the run.
import { describe, expect, test } from 'vitest';
import type { TrainEvent } from '../engine/index.ts';
import { HISTORY_CAP, StoredHistory, Thinning } from '../protocol/history.ts';
import { CurveStore, EPOCH_VAL_ACC, STEP_LOSS, STEP_LR } from './curve-store.ts';

/** A run's events as the trainer sends them: step reports every few steps (always at an epoch's end), then epochs. */
function runEvents(steps: number, stepsPerEpoch: number, lr: (step: number) => number = () => 0.01): TrainEvent[] {
  const out: TrainEvent[] = [];
  let seed = 7;
  const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) as number;
  for (let g = 1; g <= steps; g++) {
    const epochEnd = g % stepsPerEpoch === 0;
    if (epochEnd || next() < 0.3) {
      const epoch = Math.floor((g - 1) / stepsPerEpoch);
      const loss = 2 / Math.sqrt(g) + next() * 0.1;
      out.push({
        kind: 'step',
        epoch,
        step: g - epoch * stepsPerEpoch,
        globalStep: g,
        stepsPerEpoch,
        loss,
        lr: lr(g),
        samplesPerSecond: 1000,
      });
    }
    if (epochEnd) {
      const epoch = g / stepsPerEpoch - 1;
      const v = 1 / (epoch + 1);
      out.push({
        kind: 'epoch',
        epoch,
        trainLoss: v,
        trainAccuracy: 1 - v / 2,
        valLoss: v * 1.1,
        valAccuracy: epoch % 3 ? 1 - v / 3 : null,
        seconds: 1,
      });
    }
  }
  if (steps % stepsPerEpoch === 0) out.push({ kind: 'done', reason: 'finished', epochs: steps / stepsPerEpoch });
  return out;
}

/** What the page draws: every column of both series, and the summary it shows. */
const drawn = (c: CurveStore) => ({
  steps: [c.steps.x, ...c.steps.columns],
  epochs: [c.epochs.x, ...c.epochs.columns],
  last: [c.lastStep, c.lastEpoch, c.lastDone, c.firstLoss, c.lastLoss, c.lrVaries],
});

/** The rule written plainly: the first point of each bucket at the final width, plus the newest point. */
function reference(xs: number[], cap: number): number[] {
  let width = 1;
  while (xs.length && xs[xs.length - 1] >= cap * width) width *= 2;
  const kept = xs.filter((x, i) => i === 0 || Math.floor(x / width) !== Math.floor(xs[i - 1] / width));
  if (xs.length && kept[kept.length - 1] !== xs[xs.length - 1]) kept.push(xs[xs.length - 1]);
  return kept;
}

describe('Thinning', () => {
  test('keeps the first point of each bucket and the newest, whenever thinning ran', () => {
    for (const cap of [4, 10, 64]) {
      const t = new Thinning(1, cap);
      const xs: number[] = [];
      let x = 0;
      for (let i = 0; i < 3000; i++) {
        x += 1 + ((i * 7919) % 13);
        xs.push(x);
        t.push(x, [x * 2]);
        expect(t.length).toBeLessThanOrEqual(cap + 1);
        if (i % 97 === 0 || i === 2999) {
          expect(t.x).toEqual(reference(xs, cap));
          expect(t.columns[0]).toEqual(t.x.map((v) => v * 2));
        }
      }
    }
  });

  test('appending N points costs O(N) in total and never replaces the arrays a chart holds', () => {
    const t = new Thinning(2, 100);
    const [x, a, b] = [t.x, t.columns[0], t.columns[1]];
    const n = 200_000;
    for (let i = 1; i <= n; i++) t.push(i, [i, -i]);
    // Each point is written once and moved or removed at most once per doubling of the bucket width; with the
    // cap at 100 the doublings move at most 100 points each, so the total stays a small multiple of N.
    expect(t.work).toBeLessThanOrEqual(3 * n);
    expect(t.x).toBe(x);
    expect(t.columns[0]).toBe(a);
    expect(t.columns[1]).toBe(b);
    expect(t.length).toBeLessThanOrEqual(101);
    expect(t.x[t.length - 1]).toBe(n);
    expect(n).toBeLessThan(100 * t.width);
  });

  test('a rewind (resumed from an earlier checkpoint) drops what came after it', () => {
    const t = new Thinning(1, 1000);
    for (let i = 1; i <= 10; i++) t.push(i, [i]);
    t.push(6, [60]);
    expect(t.x).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.columns[0]).toEqual([1, 2, 3, 4, 5, 60]);
  });
});

describe('CurveStore', () => {
  test(`the cap (${HISTORY_CAP} points and the newest) holds for a long run`, () => {
    const c = new CurveStore();
    for (const ev of runEvents(100_000, 20)) c.add(ev);
    expect(c.steps.length).toBeLessThanOrEqual(HISTORY_CAP + 1);
    expect(c.epochs.length).toBeLessThanOrEqual(HISTORY_CAP + 1);
    expect(c.lastStep?.globalStep).toBe(100_000);
    expect(c.steps.x.at(-1)).toBe(100_000);
    expect(c.epochs.x.at(-1)).toBe(100_000);
  });

  test('a short run keeps every point, as the plain fold of its events did', () => {
    const events = runEvents(400, 40);
    const c = CurveStore.from(events);
    const steps = events.filter((e) => e.kind === 'step');
    const epochs = events.filter((e) => e.kind === 'epoch');
    expect(c.steps.x).toEqual(steps.map((e) => e.globalStep));
    expect(c.steps.columns[STEP_LOSS]).toEqual(steps.map((e) => e.loss));
    // Epochs sit at the global step where they ended.
    expect(c.epochs.x).toEqual(epochs.map((_, i) => (i + 1) * 40));
    expect(c.epochs.columns[EPOCH_VAL_ACC]).toEqual(epochs.map((e) => e.valAccuracy));
    expect(c.firstLoss).toBe(steps[0].loss);
    expect(c.lastLoss).toBe(steps.at(-1)!.loss);
    expect(c.lastDone?.reason).toBe('finished');
  });

  test('a diverged loss is a gap, not a point', () => {
    const c = new CurveStore();
    c.add({ kind: 'step', epoch: 0, step: 1, globalStep: 1, stepsPerEpoch: 9, loss: NaN, lr: 1, samplesPerSecond: 1 });
    expect(c.steps.columns[STEP_LOSS]).toEqual([null]);
  });

  test('a reloaded run redraws the curves it drew live, however long it is', () => {
    for (const [steps, perEpoch] of [
      [300, 30],
      [9_000, 7],
      [20_000, 1],
      [60_000, 997],
    ] as const) {
      const events = runEvents(steps, perEpoch, (g) => 0.01 * Math.min(1, g / 50));
      const live = new CurveStore();
      const stored = new StoredHistory([]);
      let checkpoint: TrainEvent[] = [];
      events.forEach((ev, i) => {
        live.add(ev);
        stored.add(ev);
        if (i === Math.floor(events.length / 3)) checkpoint = [...stored.events];
      });
      // The worker keeps at most twice the cap of step reports, or as many as it keeps epochs.
      const others = stored.events.filter((e) => e.kind !== 'step').length;
      const kept = stored.events.length - others;
      expect(kept).toBeLessThanOrEqual(Math.max(2 * HISTORY_CAP, others) + 1);
      // The longest run has its stored steps thinned, so the comparison covers the worker's thinning too.
      if (steps === 60_000) expect(kept).toBeLessThan(events.filter((e) => e.kind === 'step').length);
      expect(drawn(CurveStore.from(stored.events))).toEqual(drawn(live));
      // Reloaded at a checkpoint and resumed: the stored part, then the rest live, draws the same again.
      const resumed = CurveStore.from(checkpoint);
      for (const ev of events.slice(Math.floor(events.length / 3) + 1)) resumed.add(ev);
      expect(drawn(resumed)).toEqual(drawn(live));
    }
  });

  test('the learning-rate chart shows when the schedule changed the rate, and only then', () => {
    expect(CurveStore.from(runEvents(5000, 50)).lrVaries).toBe(false);
    const warm = CurveStore.from(runEvents(5000, 50, (g) => (g < 10 ? g / 1000 : 0.01)));
    expect(warm.lrVaries).toBe(true);
    expect(new Set(warm.steps.columns[STEP_LR]).size).toBeGreaterThan(1);
  });
});
