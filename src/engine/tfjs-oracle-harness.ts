// Shared by the TensorFlow.js oracle tests: our WebGPU engine and TF.js's CPU backend run the same function, and
// their outputs and gradients of sum(y · dy) are compared.
import { afterAll, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Gradient functions are registered separately from tfjs-core's ops.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { Engine } from './engine.ts';
import type { Tensor } from './tensor.ts';
import { backward } from './autograd.ts';
import { normalValues } from '../../kernels/common/random.mjs';
import { sizeOf } from './shape.ts';
import { expectClose, printObservedErrors, recordError } from '../../kernels/common/test-harness.ts';

/** The WebGPU engine under test (set up by the beforeAll this module registers). */
export let gpu: Engine;
beforeAll(async () => {
  await tf.setBackend('cpu');
  gpu = await Engine.create();
});
afterAll(() => {
  printObservedErrors('WebGPU vs TensorFlow.js');
  gpu.dispose();
});

export function values(shape: number[], seed: number) {
  return normalValues(sizeOf(shape), seed);
}

/** Our forward output and gradients of sum(y · dy) w.r.t. the inputs. */
export async function ours(
  inputs: { v: Float32Array; shape: number[] }[],
  f: (...xs: Tensor[]) => Tensor,
  dySeed: number,
) {
  const xs = inputs.map((i) => gpu.variable(gpu.tensor(i.v, i.shape)));
  const y = gpu.scope(() => {
    const out = f(...xs);
    backward(out, gpu.tensor(values([...out.shape], dySeed), out.shape));
    return out;
  });
  const result = { y: await y.data(), grads: await Promise.all(xs.map((x) => x.grad!.data())) };
  y.dispose();
  xs.forEach((x) => x.dispose());
  return result;
}

export async function theirs(
  inputs: { v: Float32Array; shape: number[] }[],
  f: (...xs: tf.Tensor[]) => tf.Tensor,
  dySeed: number,
) {
  const xs = inputs.map((i) => tf.tensor(i.v, i.shape));
  const y = f(...xs);
  const dy = tf.tensor(values([...y.shape], dySeed), y.shape);
  const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), dy)))(xs);
  return { y: await y.data(), grads: await Promise.all(grads.map((g) => g.data())) };
}

/** Compares forward and (unless `gradients` is false) input gradients within atol and a relative 1e-4 / 1e-3. */
export async function compare(
  name: string,
  inputs: { v: Float32Array; shape: number[] }[],
  f: Parameters<typeof ours>[1],
  g: Parameters<typeof theirs>[1],
  atol = 2e-4,
  gradients = true,
) {
  const a = await ours(inputs, f, 77);
  const b = gradients
    ? await theirs(inputs, g, 77)
    : { y: await g(...inputs.map((i) => tf.tensor(i.v, i.shape))).data(), grads: [] };
  expectClose(a.y, b.y, atol, 1e-4, `${name} forward`);
  recordError(`${name} forward`, a.y, b.y);
  if (!gradients) return;
  a.grads.forEach((gr, i) => {
    expectClose(gr, b.grads[i], atol, 1e-3, `${name} grad ${i}`);
    recordError(`${name} grad of input ${i}`, gr, b.grads[i]);
  });
}

/** A seeded normal input of `shape`. */
export const input = (shape: number[], seed: number) => ({ v: values(shape, seed), shape });
