// The Train view's chart data: a run's charts span its steps (not twice them), a one-epoch classification run shows
// per-batch training accuracy while it trains, a regression run has no accuracy chart; and the chart helpers
// (aligned columns, x range, ticks).
import { describe, expect, test } from 'vitest';
import type { TrainEvent } from '../engine/index.ts';
import { mergeLines, niceTicks, xRange, type Line } from './chart-data.ts';
import { CurveStore, STEP_ACC } from './curve-store.ts';
import { trainCharts } from './train-charts.ts';

const step = (globalStep: number, accuracy: number | null | undefined, stepsPerEpoch = 10): TrainEvent => ({
  kind: 'step',
  epoch: Math.floor((globalStep - 1) / stepsPerEpoch),
  step: ((globalStep - 1) % stepsPerEpoch) + 1,
  globalStep,
  stepsPerEpoch,
  loss: 1 / globalStep,
  accuracy,
  lr: 0.01,
  samplesPerSecond: 100,
});
const epoch = (e: number, acc: number): TrainEvent => ({
  kind: 'epoch',
  epoch: e,
  trainLoss: 0.5,
  trainAccuracy: acc,
  valLoss: 0.6,
  valAccuracy: acc - 0.125,
  seconds: 1,
});
/** Points of a line that are drawn (not gaps). */
const drawn = (l: Line) => l.ys.filter((y) => y !== null).length;

describe('Train view charts', () => {
  test('a one-epoch classification run shows per-batch training accuracy before the epoch ends', () => {
    const c = new CurveStore();
    for (let s = 1; s <= 4; s++) c.add(step(s, 0.25 * s));
    const charts = trainCharts(c, null, true, 10);
    const accuracy = charts.accuracy!;
    expect(accuracy.reduce((n, l) => n + drawn(l), 0)).toBe(4);
    const perBatch = accuracy.find((l) => /per batch/.test(l.label))!;
    expect(perBatch.xs).toEqual([1, 2, 3, 4]);
    expect(perBatch.ys).toEqual([0.25, 0.5, 0.75, 1]);
    // The validation points still come at each epoch's end.
    c.add(step(10, 0.9));
    c.add(epoch(0, 0.8));
    const after = trainCharts(c, null, true, 10).accuracy!;
    expect(after.find((l) => l.label === 'validation accuracy')!.ys).toEqual([0.8 - 0.125]);
    expect(after.find((l) => l.label === 'validation accuracy')!.xs).toEqual([10]);
  });

  test('every chart of a run spans its steps: one epoch point does not stretch the axis to twice the steps', () => {
    const c = new CurveStore();
    for (let s = 1; s <= 10; s++) c.add(step(s, 0.5));
    c.add(epoch(0, 0.6));
    const charts = trainCharts(c, null, true, 30);
    expect(charts.xMax).toBe(30);
    // The accuracy chart's columns merged, then the range the chart draws.
    const [xs] = mergeLines(charts.accuracy!);
    expect(xRange(xs[0], xs.at(-1)!, charts.xMax)).toEqual([0, 30]);
    // A finished run: its last step.
    expect(xRange(10, 10, trainCharts(c, null, true, 10).xMax)).toEqual([0, 10]);
    // Only epoch points (a stored history thinned of its steps) still end at the run's end.
    const epochsOnly = new CurveStore();
    epochsOnly.add(step(10, 0.5));
    epochsOnly.add(epoch(0, 0.6));
    const single = trainCharts(epochsOnly, null, true, 10).accuracy!.filter((l) => /validation/.test(l.label));
    expect(xRange(single[0].xs[0], single[0].xs[0], 10)).toEqual([0, 10]);
  });

  test('a regression run has no accuracy chart; its loss chart stays', () => {
    const c = new CurveStore();
    for (let s = 1; s <= 3; s++) c.add(step(s, null));
    const charts = trainCharts(c, null, false, 3);
    expect(charts.accuracy).toBeNull();
    expect(charts.loss.length).toBeGreaterThan(0);
    expect(c.steps.columns[STEP_ACC]).toEqual([null, null, null]);
  });

  test('a compared run that went further widens the axis; histories from before batch accuracy load as gaps', () => {
    const long = new CurveStore();
    for (let s = 1; s <= 50; s++) long.add(step(s, undefined));
    const c = new CurveStore();
    c.add(step(1, 0.1));
    expect(trainCharts(c, long, true, 20).xMax).toBe(50);
    expect(long.steps.columns[STEP_ACC].every((v) => v === null)).toBe(true);
    expect(trainCharts(new CurveStore(), null, true, 0).xMax).toBeNull();
  });
});

describe('chart helpers', () => {
  test('lines on different x columns are merged with gaps; one shared column is passed as it is', () => {
    const xs = [1, 2, 3];
    const a: Line = { label: 'a', color: '#000', xs, ys: [1, 2, 3] };
    const b: Line = { label: 'b', color: '#000', xs: [2, 4], ys: [20, 40] };
    expect(mergeLines([a, b])).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, null],
      [null, 20, null, 40],
    ]);
    const same = mergeLines([a, { ...a, label: 'c' }]);
    expect(same[0]).toBe(xs);
  });

  test('x range: the data, a single point padded by one, or 0 to the run end', () => {
    expect(xRange(3, 9)).toEqual([3, 9]);
    expect(xRange(5, 5)).toEqual([4, 6]);
    expect(xRange(null, null)).toEqual([0, 1]);
    expect(xRange(5, 5, 100)).toEqual([0, 100]);
    expect(xRange(1, 120, 100)).toEqual([0, 120]);
  });

  test('round ticks', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(9.3, 46.6, 4)).toEqual([10, 20, 30, 40]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});
