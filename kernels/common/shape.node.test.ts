// The shared shape helpers: element counts and row-major strides, including scalars and size-1 and size-0 dims.
import { describe, expect, test } from 'vitest';
import { sizeOf, stridesOf } from './shape.mjs';

describe('shape helpers', () => {
  test('sizeOf is the product of the dims (1 for a scalar, 0 with an empty dim)', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([7])).toBe(7);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(sizeOf([3, 0, 5])).toBe(0);
  });

  test('stridesOf is row-major: the last axis has stride 1, each earlier one the product of those after it', () => {
    expect(stridesOf([])).toEqual([]);
    expect(stridesOf([5])).toEqual([1]);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([3, 1, 2])).toEqual([2, 2, 1]);
    // Offset of index (i, j, k) = i·s0 + j·s1 + k·s2 visits 0..size-1 in order.
    const shape = [2, 3, 4];
    const [s0, s1, s2] = stridesOf(shape);
    const offsets: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) offsets.push(i * s0 + j * s1 + k * s2);
    expect(offsets).toEqual(Array.from({ length: sizeOf(shape) }, (_, n) => n));
  });
});
