// An independent oracle: TensorFlow.js on its CPU backend checks our WebGPU matmul (every transpose
// combination, batched), broadcasting binaries and reductions, so our reference cannot share our mistakes.
import { afterAll, beforeAll, describe, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Engine } from './engine.ts';
import * as T from './ops/api.ts';
import { normalValues } from '../../kernels/common/random.mjs';
import { sizeOf } from './shape.ts';
import { expectClose } from '../../kernels/common/test-harness.ts';

let gpu: Engine;
beforeAll(async () => {
  await tf.setBackend('cpu');
  gpu = await Engine.create();
});
afterAll(() => gpu.dispose());

function pair(shape: number[], seed: number) {
  const v = normalValues(sizeOf(shape), seed);
  return { ours: gpu.tensor(v, shape), theirs: tf.tensor(v, shape) };
}

describe('TensorFlow.js (CPU) as oracle', () => {
  for (const transA of [false, true])
    for (const transB of [false, true])
      test(`matmul 33x65${transA ? 'ᵀ' : ''} · 65x17${transB ? 'ᵀ' : ''}, batched [2]`, async () => {
        const a = pair(transA ? [2, 65, 33] : [2, 33, 65], 1);
        const b = pair(transB ? [2, 17, 65] : [2, 65, 17], 2);
        const ours = await T.matmul(a.ours, b.ours, { transA, transB }).data();
        const theirs = await tf.matMul(a.theirs, b.theirs, transA, transB).data();
        expectClose(ours, theirs, 1e-4, 1e-4, 'matmul');
      });

  test('matmul 128x300 · 300x129 with bias and relu', async () => {
    const a = pair([128, 300], 3);
    const b = pair([300, 129], 4);
    const bias = pair([129], 5);
    const ours = await T.matmul(a.ours, b.ours, { bias: bias.ours, activation: 'relu' }).data();
    const theirs = await tf.relu(tf.add(tf.matMul(a.theirs, b.theirs), bias.theirs)).data();
    expectClose(ours, theirs, 5e-4, 1e-4, 'matmul+bias+relu');
  });

  const binaries = [
    ['add', tf.add],
    ['sub', tf.sub],
    ['mul', tf.mul],
    ['maximum', tf.maximum],
    ['minimum', tf.minimum],
  ] as const;
  for (const [name, fn] of binaries)
    test(`${name} broadcasting [3,1,129] with [65,1]`, async () => {
      const a = pair([3, 1, 129], 6);
      const b = pair([65, 1], 7);
      const ours = await (T as unknown as Record<string, (x: unknown, y: unknown) => { data(): Promise<Float32Array> }>)
        [name](a.ours, b.ours)
        .data();
      expectClose(ours, await fn(a.theirs, b.theirs).data(), 1e-6, 1e-6, name);
    });

  test('div and pow broadcasting', async () => {
    const a = gpu.tensor(
      normalValues(17 * 33, 8).map((v) => Math.abs(v) + 0.5),
      [17, 33],
    );
    const ta = tf.tensor(await a.data(), [17, 33]);
    const b = pair([33], 9);
    expectClose(await T.div(a, b.ours).data(), await tf.div(ta, b.theirs).data(), 1e-5, 1e-5, 'div');
    expectClose(await T.pow(a, b.ours).data(), await tf.pow(ta, b.theirs).data(), 1e-5, 1e-4, 'pow');
  });

  const reductions = [
    ['sum', T.sum, tf.sum],
    ['mean', T.mean, tf.mean],
    ['max', T.max, tf.max],
    ['min', T.min, tf.min],
  ] as const;
  for (const [name, ours, theirs] of reductions)
    for (const axes of [[1], [0, 2], [0, 1, 2]])
      test(`${name} over axes [${axes}] of [3,65,129]`, async () => {
        const x = pair([3, 65, 129], 10);
        const o = await ours(x.ours, axes, true).data();
        expectClose(o, await theirs(x.theirs, axes, true).data(), 2e-3, 1e-4, name);
      });

  test('argmax and variance along the last axis', async () => {
    const x = pair([17, 33], 11);
    expectClose(await T.argmax(x.ours, -1).data(), await tf.argMax(x.theirs, -1).data(), 0, 0, 'argmax');
    expectClose(
      await T.variance(x.ours, -1).data(),
      await tf.moments(x.theirs, -1).variance.data(),
      1e-5,
      1e-4,
      'variance',
    );
  });
});
