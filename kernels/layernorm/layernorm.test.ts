// Layer-norm kernels against the reference, including a large-mean row (shifted one-pass variance).
import { describe, test } from 'vitest';
import { layerNormBackwardProgram, layerNormProgram } from './layernorm.ts';
import { layerNormBackwardRef, layerNormRef } from './layernorm.ref.ts';
import { expectClose, runProgram, runProgramAll, seededFloats } from '../common/test-harness.ts';

describe('layernorm kernel', () => {
  test.each([
    [1, 1],
    [17, 33],
    [3, 768],
    [2, 1031],
    [2, 5000],
  ])('rows=%i cols=%i', async (rows, cols) => {
    const eps = 1e-5;
    const x = seededFloats(rows * cols, 1, -3, 3);
    const gamma = seededFloats(cols, 2, 0.5, 1.5);
    const beta = seededFloats(cols, 3);
    const [y, mean, rstd] = (await runProgramAll(layerNormProgram(rows, cols, eps), [x, gamma, beta])).map(
      (b) => new Float32Array(b),
    );
    const ref = layerNormRef(x, gamma, beta, rows, cols, eps);
    expectClose(y, ref.y, 1e-4, 1e-4, 'y');
    expectClose(mean, ref.mean, 1e-5, 1e-5, 'mean');
    expectClose(rstd, ref.rstd, 1e-4, 1e-4, 'rstd');
    const dy = seededFloats(rows * cols, 4);
    const dx = new Float32Array(await runProgram(layerNormBackwardProgram(rows, cols), [x, gamma, dy, mean, rstd]));
    expectClose(dx, layerNormBackwardRef(x, gamma, dy, rows, cols, eps), 1e-4, 1e-3, 'dx');
  });

  test('a row with a large mean keeps its variance', async () => {
    const cols = 512;
    const x = seededFloats(cols, 5, 1000, 1001);
    const gamma = new Float32Array(cols).fill(1);
    const beta = new Float32Array(cols);
    const [y] = (await runProgramAll(layerNormProgram(1, cols, 1e-5), [x, gamma, beta])).map(
      (b) => new Float32Array(b),
    );
    expectClose(y, layerNormRef(x, gamma, beta, 1, cols, 1e-5).y, 5e-3, 1e-3, 'y');
  });
});
