// Broadcasting binary kernel against its float64 reference.
import { describe, test } from 'vitest';
import { BINARY_OPS, binaryProgram } from './binary.ts';
import { binaryRef } from './binary.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';
import { sizeOf, stridesOf } from '../common/shape.mjs';

/** Strides of `inShape` broadcast against `outShape` (NumPy rules: align right, size-1 dims repeat). */
function broadcastStrides(inShape: number[], outShape: number[]): number[] {
  const s = stridesOf(inShape);
  const off = outShape.length - inShape.length;
  return outShape.map((_, d) => (d < off || inShape[d - off] === 1 ? 0 : s[d - off]));
}

const cases: [number[], number[], number[]][] = [
  [
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
  ],
  [
    [17, 33],
    [17, 33],
    [17, 33],
  ],
  [[3, 65, 129], [129], [3, 65, 129]],
  [
    [3, 1, 129],
    [65, 1],
    [3, 65, 129],
  ],
  [[1], [4, 5], [4, 5]],
  [
    [2, 1, 3, 1, 2],
    [4, 1, 5, 1],
    [2, 4, 3, 5, 2],
  ],
];

describe('binary kernel', () => {
  for (const op of BINARY_OPS) {
    test.each(cases)(`${op} %j ⊕ %j`, async (aShape, bShape, outShape) => {
      // pow: positive bases so real powers are defined; comparisons: share values so equality occurs.
      const a =
        op === 'pow' ? seededFloats(sizeOf(aShape), 1, 0.1, 3) : seededFloats(sizeOf(aShape), 1, -2, 2).map(Math.round);
      const b =
        op === 'pow'
          ? seededFloats(sizeOf(bShape), 2, -2, 2)
          : seededFloats(sizeOf(bShape), 2, -2, 2).map((v) =>
              op.includes('qual') || op === 'less' || op === 'greater' ? Math.round(v) : v === 0 ? 0.5 : v,
            );
      const as = broadcastStrides(aShape, outShape);
      const bs = broadcastStrides(bShape, outShape);
      const out = new Float32Array(await runProgram(binaryProgram(op, outShape, as, bs), [a, b]));
      expectClose(out, binaryRef(op, a, as, b, bs, outShape), 1e-6, 1e-5, op);
    });
  }

  test('pow with a negative base and integer exponent', async () => {
    const a = new Float32Array([-2, -3, -0.5, 2]);
    const b = new Float32Array([2, 3, 2, 0.5]);
    const out = new Float32Array(await runProgram(binaryProgram('pow', [4], [1], [1]), [a, b]));
    expectClose(out, [4, -27, 0.25, Math.SQRT2], 1e-6, 1e-5, 'pow');
  });
});
