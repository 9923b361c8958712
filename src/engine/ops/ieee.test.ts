// NaN and infinities behave as IEEE 754 says on both backends: a diverged value never turns finite after a ReLU,
// a max reduction, max-pooling or a softmax, and log/sqrt outside their domain give NaN or -Inf (kernels/common/
// ieee.wgsl). Each case runs on WebGPU and on the CPU reference and must give the same values.
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import * as T from './api.ts';
import type { Tensor } from '../tensor.ts';

const gpu = await Engine.create();
const cpu = await Engine.create({ backend: 'cpu' });
afterAll(() => {
  gpu.dispose();
  cpu.dispose();
});

const { NaN: N, POSITIVE_INFINITY: INF, NEGATIVE_INFINITY: NINF } = Number;

/** [name, inputs, op, expected] — expected compared value by value, NaN equal to NaN, ±0 equal. */
const cases: [string, number[][], number[][], (e: Engine, ...xs: Tensor[]) => Tensor, number[]][] = [
  ['relu keeps NaN and infinities', [[N, -1, 2, INF, NINF]], [[5]], (_, x) => T.relu(x), [N, 0, 2, INF, 0]],
  ['log outside its domain', [[0, -1, N, INF, 1, -0]], [[6]], (_, x) => T.log(x), [NINF, N, N, INF, 0, NINF]],
  ['sqrt outside its domain', [[-1, 0, INF, N, 4]], [[5]], (_, x) => T.sqrt(x), [N, 0, INF, N, 2]],
  [
    'hardSigmoid, hardSwish and erf keep NaN and saturate at infinities',
    [[N, INF, NINF, 0]],
    [[4]],
    (_, x) => T.concat([T.hardSigmoid(x), T.hardSwish(x), T.erf(x)]),
    [N, 1, 0, 0.5, N, INF, 0, 0, N, 1, -1, 0],
  ],
  [
    'a dilated, ceil-mode max-pooling window with NaN',
    [[N, 1, 2, 3, 4, 5, 6, 7, 8]],
    [[1, 3, 3, 1]],
    (_, x) => T.reshape(T.maxPool2d(x, { size: 2, strides: 2, dilations: 2, ceilMode: true }), [1]),
    [N],
  ],
  ['rsqrt at 0 and below', [[0, -1, 4, N]], [[4]], (_, x) => T.rsqrt(x), [INF, N, 0.5, N]],
  ['max reduction sees NaN', [[1, N, 2, 1, 2, 3, NINF, NINF, NINF]], [[3, 3]], (_, x) => T.max(x, [1]), [N, 3, NINF]],
  ['min reduction sees NaN', [[1, N, 2, 1, 2, 3]], [[2, 3]], (_, x) => T.min(x, [1]), [N, 1]],
  [
    'maximum and minimum of NaN',
    [
      [N, 1, 2],
      [0, N, 1],
    ],
    [[3], [3]],
    (_, a, b) => T.concat([T.maximum(a, b), T.minimum(a, b)]),
    [N, N, 2, N, N, 1],
  ],
  [
    'max-pooling a window with NaN',
    [[1, N, 3, 4, 5, 6, 7, 8]],
    [[1, 2, 4, 1]],
    (_, x) => T.reshape(T.maxPool2d(x, { size: 2 }), [2]),
    [N, 8],
  ],
  [
    'softmax of a row with NaN or Inf',
    [[1, N, 2, 1, INF, 2, 0, 1, 2]],
    [[3, 3]],
    (_, x) => T.softmax(x),
    [N, N, N, N, N, N, ...softmaxRow([0, 1, 2])],
  ],
  ['log-softmax of a row with NaN', [[1, N, 2]], [[1, 3]], (_, x) => T.logSoftmax(x), [N, N, N]],
  [
    'a fused ReLU after a matmul keeps NaN',
    [
      [1, N],
      [1, 1],
    ],
    [
      [1, 2],
      [2, 1],
    ],
    (_, a, b) => T.matmul(a, b, { activation: 'relu' }),
    [N],
  ],
];

function softmaxRow(x: number[]): number[] {
  const m = Math.max(...x);
  const s = x.reduce((a, v) => a + Math.exp(v - m), 0);
  return x.map((v) => Math.exp(v - m) / s);
}

describe.each([
  ['webgpu', gpu],
  ['cpu', cpu],
] as const)('IEEE special values on %s', (_name, e) => {
  test.each(cases)('%s', async (_label, values, shapes, run, expected) => {
    const out = await e.scope(() => run(e, ...values.map((v, i) => e.tensor(new Float32Array(v), shapes[i])))).data();
    const got = Array.from(out);
    expect(got.length).toBe(expected.length);
    got.forEach((g, i) => {
      const want = expected[i];
      if (Number.isNaN(want)) expect(g, `element ${i}`).toBeNaN();
      else if (!Number.isFinite(want)) expect(g, `element ${i}`).toBe(want);
      else expect(g, `element ${i}`).toBeCloseTo(want, 5);
    });
  });
});
