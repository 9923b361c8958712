// What every parser and decoder must do with any input, checked by the fuzz tests: give a valid result or throw
// one of its own clear errors (a sentence naming the file), never a raw TypeError/RangeError from inside.
import { expect } from 'vitest';
import type { Imported } from '../importers/common.ts';

/** Runs per property: small in `npm test`, larger behind `npm run fuzz` (FUZZ_RUNS). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

type ErrorClass = abstract new (...args: never[]) => Error;

/** Calls `fn`; a throw must be one of `allowed` with a readable message, a result must pass `check`. */
export function cleanOutcome<T>(fn: () => T, allowed: ErrorClass[], check: (r: T) => void): void {
  let result: T;
  try {
    result = fn();
  } catch (err) {
    if (!allowed.some((c) => err instanceof c)) throw err;
    expect((err as Error).message).toMatch(/\w/);
    expect((err as Error).message.length).toBeLessThan(2000);
    return;
  }
  check(result);
}

/** An imported dataset is whole: counts, shapes and splits agree, features finite, labels in range. */
export function checkImported(r: Imported): void {
  const h = r.header;
  const per = h.xShape.reduce((a, b) => a * b, 1);
  expect(h.count).toBeGreaterThan(0);
  expect(r.x.length).toBe(h.count * per);
  const [trainStart, trainEnd] = h.splits.train;
  const [testStart, testEnd] = h.splits.test;
  expect(trainStart).toBe(0);
  expect(trainEnd).toBeGreaterThan(0);
  expect(testStart).toBe(trainEnd);
  expect(testEnd).toBe(h.count);
  for (let i = 0; i < r.x.length; i++) if (!Number.isFinite(r.x[i])) expect.fail(`feature ${i} is ${r.x[i]}`);
  if (h.classes > 0) {
    expect(r.y.length).toBe(h.count * (h.yShape.length ? h.yShape.reduce((a, b) => a * b, 1) : 1));
    for (let i = 0; i < r.y.length; i++) {
      const y = r.y[i];
      // Sequence labels may hold the ignore index (padding after a sample's end).
      const ignored = h.yShape.length > 0 && y === (h.ignoreIndex ?? -1);
      if (!ignored && !(Number.isInteger(y) && y >= 0 && y < h.classes))
        expect.fail(`label ${i} is ${y} of ${h.classes}`);
    }
  } else for (let i = 0; i < r.y.length; i++) if (!Number.isFinite(r.y[i])) expect.fail(`target ${i} is ${r.y[i]}`);
}
