// Unary kernel (forward and derivative) against its float64 reference.
import { describe, expect, test } from 'vitest';
import { UNARY_OPS, unaryBackwardProgram, unaryProgram, type UnaryOp } from './unary.ts';
import { unaryBackwardRef, unaryRef } from './unary.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

// Inputs in [-4, 4] (positive (0.1, 4] for log/sqrt/rsqrt). Tolerances cover f32 transcendental
// error (SwiftShader's exp/log are within a few ulp) and the erf approximation (1.5e-7).
const positive = new Set<UnaryOp>(['log', 'sqrt', 'rsqrt']);
const sizes = [1, 17, 1000];

describe('unary kernel', () => {
  for (const op of UNARY_OPS) {
    test.each(sizes)(`${op} forward and backward, size %i`, async (n) => {
      const x = positive.has(op) ? seededFloats(n, n + 3, 0.1, 4) : seededFloats(n, n + 3, -4, 4);
      const dy = seededFloats(n, n + 4);
      const [alpha, beta] = op === 'leakyRelu' ? [0.1, 0] : op === 'hardSigmoid' ? [0.2, 0.5] : [0, 0];
      const y = new Float32Array(await runProgram(unaryProgram(op, n, alpha, beta), [x]));
      expectClose(y, unaryRef(op, x, alpha, beta), 1e-5, 2e-5, `${op} forward`);
      const dx = new Float32Array(await runProgram(unaryBackwardProgram(op, n, alpha, beta), [x, dy]));
      expectClose(dx, unaryBackwardRef(op, x, dy, alpha, beta), 1e-5, 2e-5, `${op} backward`);
    });
  }

  test('tanh, sigmoid and softplus stay finite at ±1e4', async () => {
    const x = new Float32Array([-1e4, -100, 100, 1e4]);
    for (const op of ['tanh', 'sigmoid', 'softplus', 'geluTanh'] as const) {
      const y = new Float32Array(await runProgram(unaryProgram(op, 4), [x]));
      expectClose(y, unaryRef(op, x), 1e-6, 1e-6, op);
    }
  });

  test('hardSigmoid, hardSwish and erf: known values, NaN kept, infinities saturate', async () => {
    const nan = Number.NaN;
    const x = new Float32Array([nan, -Infinity, Infinity, -3, 3, -2.5, 2.5, 0, 1e-6, -1e-4, 0.49, 0.51]);
    const run = async (op: UnaryOp, alpha = 0, beta = 0) =>
      Array.from(new Float32Array(await runProgram(unaryProgram(op, x.length, alpha, beta), [x])));
    const hs = await run('hardSigmoid', 0.2, 0.5);
    expect(hs.slice(0, 8)).toEqual([nan, 0, 1, 0, 1, 0, 1, 0.5]);
    const hw = await run('hardSwish');
    expect(hw.slice(0, 5)).toEqual([nan, 0, Infinity, 0, 3]);
    const er = await run('erf');
    expect(er.slice(0, 3)).toEqual([nan, -1, 1]);
    // Relative accuracy near 0 (the A&S form alone would cancel to a few ulp of 1 here).
    expectClose(
      er.slice(8),
      [1.1283791670951364e-6, -1.1283791633342487e-4, 0.511668261188523, 0.5292436198411704],
      0,
      1e-6,
      'erf',
    );
  });

  test('a dispatch larger than 65535 workgroups spreads over y', async () => {
    const n = 65536 * 256 + 300;
    const x = seededFloats(n, 1);
    const y = new Float32Array(await runProgram(unaryProgram('neg', n), [x]));
    expectClose(y.subarray(n - 1000), unaryRef('neg', x.subarray(n - 1000)), 0, 0, 'tail');
  });
});
