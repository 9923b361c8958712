// Dropout kernel: the mask matches the Philox reference bit for bit, the keep rate matches p, seeds differ.
import { describe, expect, test } from 'vitest';
import { dropoutProgram } from './dropout.ts';
import { dropoutRef, philox4x32 } from './dropout.ref.ts';
import { expectClose, runProgram, seededFloats } from '../common/test-harness.ts';

describe('dropout kernel', () => {
  test('Philox4x32-10 matches the published known-answer vectors', () => {
    // Random123 kat_vectors: philox4x32 10 rounds.
    expect(philox4x32([0, 0, 0, 0], [0, 0]).map((v) => v.toString(16).padStart(8, '0'))).toEqual([
      '6627e8d5',
      'e169c58d',
      'bc57ac4c',
      '9b00dbd8',
    ]);
    expect(
      philox4x32([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]).map((v) =>
        v.toString(16).padStart(8, '0'),
      ),
    ).toEqual(['408f276d', '41c83b0e', 'a20bc7c6', '6d5451fd']);
  });

  test.each([
    [1, 0.5, 7],
    [1000, 0.1, 123],
    [4099, 0.5, 2 ** 33 + 5],
  ])('size %i p=%f seed %i matches the reference exactly', async (n, p, seed) => {
    const x = seededFloats(n, 1);
    const y = new Float32Array(await runProgram(dropoutProgram(n, p, seed), [x]));
    expectClose(y, dropoutRef(x, p, seed), 1e-7, 1e-6, 'dropout');
  });

  test('keep rate is close to 1 − p and different seeds give different masks', async () => {
    const n = 100000;
    const x = new Float32Array(n).fill(1);
    const a = new Float32Array(await runProgram(dropoutProgram(n, 0.3, 1), [x]));
    const b = new Float32Array(await runProgram(dropoutProgram(n, 0.3, 2), [x]));
    const kept = a.filter((v) => v !== 0).length / n;
    expect(kept).toBeGreaterThan(0.69);
    expect(kept).toBeLessThan(0.71);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
    const again = new Float32Array(await runProgram(dropoutProgram(n, 0.3, 1), [x]));
    expect(Array.from(again)).toEqual(Array.from(a));
  });

  test('p outside [0, 1) is refused', () => {
    expect(() => dropoutProgram(4, 1, 0)).toThrow(/\[0, 1\)/);
  });
});
