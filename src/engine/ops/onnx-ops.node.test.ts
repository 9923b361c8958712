// Argument checks and output shapes of the ops added for ONNX models (hard sigmoid, transposed convolution,
// resize with ONNX's coordinate modes and scales, pooling with dilations, ceil mode and count_include_pad), on the
// CPU engine: each bad argument is a ShapeError that names the op and what is wrong, raised before any work.
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import { ShapeError } from '../errors.ts';
import * as T from './api.ts';

const e = await Engine.create({ backend: 'cpu' });
const zeros = (...shape: number[]) => e.zeros(shape);

describe('convTranspose2d', () => {
  test('output shape: stride·(in − 1) + outputPadding + dilation·(k − 1) + 1 − pads', () => {
    const x = zeros(2, 5, 7, 6);
    expect(T.convTranspose2d(x, zeros(2, 2, 3, 6), { strides: 2 }).shape).toEqual([2, 10, 14, 3]);
    const y = T.convTranspose2d(x, zeros(3, 3, 2, 6), {
      ...{ strides: [2, 1], dilations: [1, 2], padding: [1, 0, 2, 1], outputPadding: [1, 0], groups: 3 },
    });
    expect(y.shape).toEqual([2, 2 * 4 + 1 + 2 + 1 - 1, 6 + 4 + 1 - 3, 6]);
  });
  test('bad arguments name what is wrong', () => {
    const x = zeros(1, 3, 3, 4);
    expect(() => T.convTranspose2d(x, zeros(2, 2, 3, 5))).toThrow(
      /filter's last dimension \(5\) must equal the input channels \(4\)/,
    );
    expect(() => T.convTranspose2d(x, zeros(2, 2, 3, 4), { groups: 3 })).toThrow(
      /groups=3 must be a positive integer dividing/,
    );
    expect(() => T.convTranspose2d(x, zeros(2, 2, 3, 4), { bias: zeros(4) })).toThrow(/bias must have shape \[3\]/);
    expect(() => T.convTranspose2d(x, zeros(2, 2, 3, 4), { outputPadding: -1 })).toThrow(
      /outputPadding must be non-negative/,
    );
    expect(() => T.convTranspose2d(x, zeros(2, 2, 3, 4), { padding: 'same' as 'valid' })).toThrow(
      /padding must be 'valid'/,
    );
    expect(() => T.convTranspose2d(x, zeros(1, 1, 1, 4), { padding: 2 })).toThrow(/crops the whole/);
    expect(() => T.convTranspose2d(zeros(3, 3, 4), zeros(2, 2, 3, 4))).toThrow(ShapeError);
  });
});

describe('resize2d options', () => {
  test('scales give floor(in · scale); sizes are kept', () => {
    const x = zeros(1, 5, 7, 2);
    expect(T.resize2d(x, { scales: [2, 0.6] }).shape).toEqual([1, 10, 4, 2]);
    expect(T.resize2d(x, [3, 9], { mode: 'bilinear', coordinateTransform: 'align_corners' }).shape).toEqual([
      1, 3, 9, 2,
    ]);
  });
  test('bad arguments name what is wrong', () => {
    const x = zeros(1, 5, 7, 2);
    expect(() => T.resize2d(x, [3, 3], { mode: 'cubic' as 'nearest' })).toThrow(
      /mode must be one of nearest, bilinear/,
    );
    expect(() => T.resize2d(x, [3, 3], { coordinateTransform: 'tf_crop_and_resize' as 'asymmetric' })).toThrow(
      /coordinateTransform must be one of/,
    );
    expect(() => T.resize2d(x, [3, 3], { nearestMode: 'round' as 'floor' })).toThrow(/nearestMode must be one of/);
    expect(() => T.resize2d(x, { scales: [0, 2] })).toThrow(/scales must be two positive numbers/);
    expect(() => T.resize2d(x, { scales: [0.1, 2] })).toThrow(/shrink 5x7 to 0x14/);
    expect(() => T.resize2d(x, { scales: [1.00001, 2] })).toThrow(/not a fraction/);
    expect(() => T.resize2d(x, [0, 3])).toThrow(/two positive integers/);
    expect(() => T.resize2d(zeros(5, 7), [3, 3])).toThrow(/4-D NHWC/);
  });
});

describe('pooling options', () => {
  test('ceil mode adds a last partial window, unless it would start past the padded input', () => {
    expect(T.maxPool2d(zeros(1, 6, 6, 1), { size: 3, strides: 2, ceilMode: true }).shape).toEqual([1, 3, 3, 1]);
    expect(T.maxPool2d(zeros(1, 6, 6, 1), { size: 3, strides: 2 }).shape).toEqual([1, 2, 2, 1]);
    // 5 rows padded 1 at the top: ceil((5 + 1 − 2)/2) + 1 = 3 windows, the last starting inside (row 3). 4 rows with
    // stride 4: ceil(2/4) + 1 = 2, but the second window would start at row 4, past the input: 1 window.
    expect(
      T.avgPool2d(zeros(1, 5, 5, 1), { size: 2, strides: 2, padding: [1, 0, 1, 0], ceilMode: true }).shape,
    ).toEqual([1, 3, 3, 1]);
    expect(T.avgPool2d(zeros(1, 4, 4, 1), { size: 2, strides: 4, ceilMode: true }).shape).toEqual([1, 1, 1, 1]);
  });
  test('count_include_pad divides by the taps inside the padded image', async () => {
    const x = e.ones([1, 2, 2, 1]);
    const excl = await T.avgPool2d(x, { size: 2, strides: 1, padding: 1 }).data();
    const incl = await T.avgPool2d(x, { size: 2, strides: 1, padding: 1, countIncludePad: true }).data();
    expect(Array.from(excl)).toEqual(Array(9).fill(1));
    expect(Array.from(incl)).toEqual([0.25, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 0.25]);
  });
  test('bad arguments name what is wrong', () => {
    expect(() => T.maxPool2d(zeros(1, 4, 4, 1), { size: 2, dilations: 0 })).toThrow(
      /dilations must be positive integers/,
    );
    expect(() => T.maxPool2d(zeros(1, 4, 4, 1), { size: 3, dilations: 2 })).toThrow(/does not fit an input of 4x4/);
  });
});

describe('hardSigmoid', () => {
  test('defaults are ONNX’s (alpha 0.2, beta 0.5); non-finite attributes are refused', async () => {
    expect(Array.from(await T.hardSigmoid(e.tensor(new Float32Array([-3, 0, 1, 3]), [4])).data())).toEqual([
      0,
      0.5,
      Math.fround(0.7),
      1,
    ]);
    expect(() => T.hardSigmoid(zeros(2), Number.NaN)).toThrow(/alpha and beta must be finite/);
  });
});
