// Cross-entropy kernels against the reference: smoothing, ignored rows, bad labels, logits of ±1e4.
import { describe, expect, test } from 'vitest';
import { crossEntropyBackwardProgram, crossEntropyProgram } from './cross-entropy.ts';
import { crossEntropyBackwardRef, crossEntropyRef } from './cross-entropy.ref.ts';
import { expectClose, runProgram, runProgramAll, seededFloats } from '../common/test-harness.ts';

describe('cross-entropy kernel', () => {
  test.each([
    [1, 1, 0],
    [17, 10, 0],
    [5, 1000, 0.1],
    [33, 3, 0.2],
    [2, 5003, 0.1],
  ])('rows=%i classes=%i smoothing=%f', async (rows, cols, smoothing) => {
    const o = { smoothing, ignoreIndex: -100 };
    const logits = seededFloats(rows * cols, rows, -4, 4);
    const labels = Int32Array.from({ length: rows }, (_, r) => (r % 7 === 3 ? -100 : (r * 5) % cols));
    const [loss, lse] = await runProgramAll(crossEntropyProgram(rows, cols, o), [logits, labels]);
    expectClose(new Float32Array(loss), crossEntropyRef(logits, labels, rows, cols, o), 1e-5, 1e-5, 'loss');
    const dloss = seededFloats(rows, 9);
    const d = new Float32Array(
      await runProgram(crossEntropyBackwardProgram(rows, cols, o), [logits, labels, new Float32Array(lse), dloss]),
    );
    expectClose(d, crossEntropyBackwardRef(logits, labels, dloss, rows, cols, o), 1e-6, 1e-5, 'grad');
  });

  test('all-negative logits give the right loss and gradient', async () => {
    const o = { smoothing: 0, ignoreIndex: -1 };
    const logits = new Float32Array([-120, -121, -122, -123]);
    const labels = new Int32Array([0]);
    const [loss, lse] = await runProgramAll(crossEntropyProgram(1, 4, o), [logits, labels]);
    expectClose(new Float32Array(loss), crossEntropyRef(logits, labels, 1, 4, o), 1e-5, 1e-5, 'loss');
    const d = new Float32Array(
      await runProgram(crossEntropyBackwardProgram(1, 4, o), [
        logits,
        labels,
        new Float32Array(lse),
        new Float32Array([1]),
      ]),
    );
    expectClose(d, crossEntropyBackwardRef(logits, labels, [1], 1, 4, o), 1e-6, 1e-5, 'grad');
  });

  test('logits of ±1e4 give exact, finite losses; a bad label gives NaN', async () => {
    const o = { smoothing: 0, ignoreIndex: -1 };
    const logits = new Float32Array([1e4, -1e4, 0, -1e4, 1e4, 0, 1, 2, 3]);
    const labels = new Int32Array([1, 1, 7]);
    const [loss] = await runProgramAll(crossEntropyProgram(3, 3, o), [logits, labels]);
    const l = new Float32Array(loss);
    expect(l[0]).toBeCloseTo(2e4, 0);
    expect(l[1]).toBeCloseTo(0, 5);
    expect(Number.isNaN(l[2])).toBe(true);
  });
});
