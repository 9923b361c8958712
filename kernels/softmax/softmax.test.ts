// Softmax and log-softmax kernels against the reference, including rows longer than a workgroup and logits of ±1e4.
import { describe, test } from 'vitest';
import { softmaxBackwardProgram, softmaxProgram } from './softmax.ts';
import { softmaxBackwardRef, softmaxRef } from './softmax.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

describe('softmax kernel', () => {
  for (const log of [false, true])
    test.each([
      [1, 1],
      [17, 33],
      [3, 1000],
      [2, 4097],
    ])(`${log ? 'log-softmax' : 'softmax'} rows=%i cols=%i`, async (rows, cols) => {
      const x = seededFloats(rows * cols, rows + cols, -5, 5);
      const y = new Float32Array(await runProgram(softmaxProgram(rows, cols, log), [x]));
      expectClose(y, softmaxRef(x, rows, cols, log), 1e-6, 1e-5, 'forward');
      const dy = seededFloats(rows * cols, 3);
      const dx = new Float32Array(await runProgram(softmaxBackwardProgram(rows, cols, log), [y, dy]));
      expectClose(dx, softmaxBackwardRef(y, dy, rows, cols, log), 1e-5, 1e-4, 'backward');
    });

  test('rows whose logits are all far below zero (fewer columns than invocations)', async () => {
    const x = new Float32Array([-110, -111, -112, -113, -1e4, -1e4 - 1, -1e4 - 2, -1e4 - 3]);
    for (const log of [false, true]) {
      const y = new Float32Array(await runProgram(softmaxProgram(2, 4, log), [x]));
      expectClose(y, softmaxRef(x, 2, 4, log), 1e-6, 1e-5, 'very negative');
    }
  });

  test('logits of ±1e4 stay finite', async () => {
    const x = new Float32Array([1e4, -1e4, 0, 1e4 - 1, -1e4, 1e4, 5, 5]);
    for (const log of [false, true]) {
      const y = new Float32Array(await runProgram(softmaxProgram(2, 4, log), [x]));
      expectClose(y, softmaxRef(x, 2, 4, log), 1e-6, 1e-6, 'extreme');
    }
  });
});
