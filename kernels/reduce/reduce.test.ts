// Row-reduction kernel against its float64 reference, including rows longer than the workgroup and ties for argmax.
import { describe, expect, test } from 'vitest';
import { REDUCE_OPS, reduceProgram } from './reduce.ts';
import { reduceRef } from './reduce.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

// Rows of ≤ SHORT_COLS take the one-invocation-per-row path: [1,1], [17,33], [130,64]; the rest the tree.
const shapes: [number, number][] = [
  [1, 1],
  [17, 33],
  [130, 64],
  [5, 65],
  [3, 1000],
  [195, 129],
  [3, 4096],
  [2, 4097],
  [2, 70000],
];

describe('reduce kernel', () => {
  for (const op of REDUCE_OPS) {
    test.each(shapes)(`${op} rows=%i cols=%i`, async (rows, cols) => {
      const x = seededFloats(rows * cols, rows + cols);
      const out = await runProgram(reduceProgram(op, rows, cols, op === 'sum' ? 0.5 : 1), [x]);
      const expected = reduceRef(op, x, rows, cols, op === 'sum' ? 0.5 : 1);
      if (op === 'argmax') expect(Array.from(new Int32Array(out))).toEqual(Array.from(expected));
      // Sums of up to 70000 terms in [-1, 1]: f32 tree-sum error stays below 1e-3 absolute.
      else expectClose(new Float32Array(out), expected, 1e-3, 1e-5, op);
    });
  }

  test('argmax picks the first of tied maxima, across invocations', async () => {
    const cols = 600;
    const x = new Float32Array(cols).fill(-5);
    x[599] = 3;
    x[300] = 3;
    x[257] = 3;
    const out = new Int32Array(await runProgram(reduceProgram('argmax', 1, cols), [x]));
    expect(out[0]).toBe(257);
  });

  test('short rows: argmax picks the first of tied maxima too', async () => {
    const x = new Float32Array([1, 4, 4, 2, -1, -1, -1, -1]);
    const p = reduceProgram('argmax', 2, 4);
    expect(p.entryPoint).toBe('reduce_argmax_short');
    expect(Array.from(new Int32Array(await runProgram(p, [x])))).toEqual([1, 0]);
  });

  test('an empty axis is refused', () => {
    expect(() => reduceProgram('sum', 3, 0)).toThrow(/empty axis/);
  });
});
