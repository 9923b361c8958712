// Gather and its deterministic scatter-add backward against the reference.
import { describe, expect, test } from 'vitest';
import { gatherBackwardProgram, gatherProgram, type GatherDims } from './gather.ts';
import { gatherBackwardRef, gatherRef } from './gather.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

const dims: GatherDims[] = [
  { outer: 1, axisLen: 1, inner: 1, nIdx: 1 },
  { outer: 3, axisLen: 17, inner: 33, nIdx: 20 },
  { outer: 1, axisLen: 65, inner: 129, nIdx: 7 },
];

describe('gather kernel', () => {
  test.each(dims)('forward and backward %j', async (d) => {
    const x = seededFloats(d.outer * d.axisLen * d.inner, 1);
    const idx = new Int32Array(d.nIdx).map((_, j) => (j * 7 + 3) % d.axisLen);
    const out = new Float32Array(await runProgram(gatherProgram(d), [x, idx]));
    expectClose(out, gatherRef(x, idx, d), 0, 0, 'gather');
    const dy = seededFloats(d.outer * d.nIdx * d.inner, 2);
    const dx = new Float32Array(await runProgram(gatherBackwardProgram(d), [dy, idx]));
    expectClose(dx, gatherBackwardRef(dy, idx, d), 1e-6, 1e-6, 'gather backward');
    const again = new Float32Array(await runProgram(gatherBackwardProgram(d), [dy, idx]));
    expect(Array.from(again)).toEqual(Array.from(dx));
  });

  test('negative indices count from the end; out-of-range ones read NaN (0 for integer tables) and add nothing', async () => {
    const d = { outer: 1, axisLen: 3, inner: 2, nIdx: 5 };
    const x = new Float32Array([1, 2, 3, 4, 5, 6]);
    const idx = new Int32Array([2, -1, 3, -3, -4]);
    const out = Array.from(new Float32Array(await runProgram(gatherProgram(d), [x, idx])));
    expect(out).toEqual([5, 6, 5, 6, NaN, NaN, 1, 2, NaN, NaN]);
    expect(Array.from(gatherRef(x, idx, d))).toEqual(out);
    const ints = new Int32Array(await runProgram(gatherProgram({ ...d, fill: 'zero' }), [Int32Array.from(x), idx]));
    expect(Array.from(ints)).toEqual([5, 6, 5, 6, 0, 0, 1, 2, 0, 0]);
    // Backward: rows 2 and 0 collect the negative picks too; the two bad indices add nothing.
    const dy = new Float32Array([1, 10, 100, 1000, 7, 7, 3, 30, 9, 9]);
    const dx = Array.from(new Float32Array(await runProgram(gatherBackwardProgram(d), [dy, idx])));
    expect(dx).toEqual([3, 30, 0, 0, 101, 1010]);
    expect(Array.from(gatherBackwardRef(dy, idx, d))).toEqual(dx);
  });
});
