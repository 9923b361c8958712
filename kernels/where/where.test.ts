// Broadcasting where/select kernel against its reference.
import { test } from 'vitest';
import { whereProgram } from './where.ts';
import { whereRef } from './where.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

// [out shape, cond strides, a strides, b strides, input sizes (cond, a, b)]
test.each([
  [
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
  ],
  [
    [17, 33],
    [0, 1],
    [1, 0],
    [33, 1],
    [33, 17, 561],
  ],
  [
    [3, 65, 129],
    [0, 1, 0],
    [65 * 129, 129, 1],
    [0, 0, 1],
    [65, 3 * 65 * 129, 129],
  ],
])('where over %j', async (shape, cs, as, bs, sizes) => {
  const cond = seededFloats(sizes[0], 1).map((v) => (v > 0 ? 1 : 0));
  const a = seededFloats(sizes[1], 2);
  const b = seededFloats(sizes[2], 3);
  const out = new Float32Array(await runProgram(whereProgram(shape, cs, as, bs), [cond, a, b]));
  expectClose(out, whereRef(shape, cond, cs, a, as, b, bs), 0, 0, 'where');
});
