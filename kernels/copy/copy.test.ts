// Strided copy and fill kernels against the reference: transposes, slices, padding into a larger buffer, broadcast
// reads, int words.
import { describe, expect, test } from 'vitest';
import { castProgram, copyProgram, fillProgram, type CopySpec } from './copy.ts';
import { copyRef } from './copy.ref.ts';
import { runProgram, seededFloats } from '../common/test-harness.ts';
import { f32Bits } from '../common/program.ts';
import { sizeOf, stridesOf } from '../common/shape.mjs';

async function check(src: Float32Array | Int32Array, spec: CopySpec, init: Float32Array | Int32Array) {
  const out = await runProgram(copyProgram(spec), [src], init);
  const Ctor = src instanceof Int32Array ? Int32Array : Float32Array;
  const expected = copyRef(src, new Ctor(init), spec);
  expect(Array.from(new Ctor(out))).toEqual(Array.from(expected));
}

describe('copy kernel', () => {
  test('transpose [3,65,129] → [129,3,65]', async () => {
    const shape = [3, 65, 129];
    const src = seededFloats(sizeOf(shape), 1);
    const s = stridesOf(shape);
    const outShape = [129, 3, 65];
    await check(
      src,
      {
        shape: outShape,
        srcOffset: 0,
        srcStrides: [s[2], s[0], s[1]],
        dstOffset: 0,
        dstStrides: stridesOf(outShape),
        dstSize: src.length,
      },
      new Float32Array(src.length),
    );
  });

  test('slice [17,33][2:9, 5:30] and pad it back into zeros', async () => {
    const src = seededFloats(17 * 33, 2);
    const region = [7, 25];
    await check(
      src,
      { shape: region, srcOffset: 2 * 33 + 5, srcStrides: [33, 1], dstOffset: 0, dstStrides: [25, 1], dstSize: 7 * 25 },
      new Float32Array(7 * 25),
    );
    await check(
      src,
      {
        shape: [17, 33],
        srcOffset: 0,
        srcStrides: [33, 1],
        dstOffset: 1 * 35 + 1,
        dstStrides: [35, 1],
        dstSize: 19 * 35,
      },
      new Float32Array(19 * 35).fill(-1),
    );
  });

  test('broadcast read (stride 0) of int32 words', async () => {
    const src = new Int32Array([7, -3, 2147483647]);
    await check(
      src,
      { shape: [4, 3], srcOffset: 0, srcStrides: [0, 1], dstOffset: 0, dstStrides: [3, 1], dstSize: 12 },
      new Int32Array(12),
    );
  });

  test('[1,1,1]', async () => {
    await check(
      new Float32Array([5]),
      { shape: [1, 1, 1], srcOffset: 0, srcStrides: [1, 1, 1], dstOffset: 0, dstStrides: [1, 1, 1], dstSize: 1 },
      new Float32Array(1),
    );
  });

  test('fill writes the bit pattern everywhere', async () => {
    const out = new Float32Array(await runProgram(fillProgram(1000, f32Bits(-2.5)), []));
    expect(out.every((v) => v === -2.5)).toBe(true);
    expect(out.length).toBe(1000);
  });

  test('cast between i32, u32 and f32', async () => {
    expect(
      Array.from(new Float32Array(await runProgram(castProgram(3, 'i32->f32'), [new Int32Array([-7, 0, 123456])]))),
    ).toEqual([-7, 0, 123456]);
    expect(
      Array.from(new Float32Array(await runProgram(castProgram(2, 'u32->f32'), [new Uint32Array([5, 4000000000])]))),
    ).toEqual([5, 4000000000]);
    expect(
      Array.from(new Int32Array(await runProgram(castProgram(4, 'f32->i32'), [new Float32Array([-2.7, 2.7, 0, 1e6])]))),
    ).toEqual([-2, 2, 0, 1000000]);
  });
});
