// Metrics against values worked out by hand: classification (accuracy, per-class precision/recall/F1, confusion
// matrix) and regression (MAE, RMSE and R² in the target's units).
import { describe, expect, test } from 'vitest';
import { classificationReport, regressionReport } from './metrics.ts';

describe('classification report', () => {
  test('accuracy, per-class precision/recall/F1, macro averages and the confusion matrix', () => {
    // Pairs (actual, predicted): (0,0) (1,1) (2,1) (2,2) (2,2) (0,2).
    const r = classificationReport([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], 3);
    expect(r.confusion).toEqual([
      [1, 0, 1],
      [0, 1, 0],
      [0, 1, 2],
    ]);
    expect(r.accuracy).toBeCloseTo(4 / 6, 12);
    // Class 0: 1 of 1 predicted right, 1 of 2 found. Class 1: 1 of 2, 1 of 1. Class 2: 2 of 3, 2 of 3.
    expect(r.perClass.map((c) => [c.precision, c.recall, c.support])).toEqual([
      [1, 0.5, 2],
      [0.5, 1, 1],
      [2 / 3, 2 / 3, 3],
    ]);
    for (const c of r.perClass) expect(c.f1).toBeCloseTo(2 / 3, 12);
    expect(r.macro.precision).toBeCloseTo((1 + 0.5 + 2 / 3) / 3, 12);
    expect(r.macro.f1).toBeCloseTo(2 / 3, 12);
  });

  test('a class never predicted has precision 0, not NaN; labels out of range are skipped', () => {
    const r = classificationReport([0, 0, 0], [0, 1, -100], 2);
    expect(r.count).toBe(2);
    expect(r.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
  });
});

describe('regression report', () => {
  test('MAE, RMSE and R² of three predictions', () => {
    // Errors 1, −1, 0: MAE 2/3, MSE 2/3. Targets' mean 13/3, SS_tot = 56/3, so R² = 1 − 2 / (56/3) = 25/28.
    const r = regressionReport([2, 4, 7], [1, 5, 7]);
    expect(r.mae).toBeCloseTo(2 / 3, 12);
    expect(r.rmse).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(r.r2).toBeCloseTo(25 / 28, 12);
    expect(r.count).toBe(3);
  });

  test("errors are in the target's units and R² does not depend on the targets' offset", () => {
    const offset = 1e6;
    const r = regressionReport(
      Float32Array.from([2, 4, 7], (v) => v + offset),
      Float32Array.from([1, 5, 7], (v) => v + offset),
    );
    expect(r.mae).toBeCloseTo(2 / 3, 6);
    expect(r.r2).toBeCloseTo(25 / 28, 6);
    // Predicting the mean explains nothing; worse than the mean is negative.
    expect(regressionReport([3, 3, 3], [1, 3, 5]).r2).toBe(0);
    expect(regressionReport([5, 3, 1], [1, 3, 5]).r2).toBe(-3);
  });

  test('constant targets leave R² undefined (null) rather than dividing by zero', () => {
    const r = regressionReport([1, 2], [2, 2]);
    expect(r.r2).toBeNull();
    expect(r.mae).toBe(0.5);
    expect(regressionReport([], []).count).toBe(0);
  });
});
