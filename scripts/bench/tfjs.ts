// TensorFlow.js (@tensorflow/tfjs-backend-webgpu) under the benchmark: the same cases through tfjs-core ops
// and, for training, tfjs-layers models with tf.train.adam. One sync per run: flush the backend's command
// queue and wait for the device's submitted work.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-webgpu';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BenchCase } from './plan.mjs';
import { SEEDS, randomLabels, randomValues, type Prepared, type System } from './harness.ts';
import { sizeOf } from '../../kernels/common/shape.mjs';

/** Switches TF.js to its WebGPU backend; throws if that backend cannot start. */
export async function initTfjs(): Promise<{ versions: Record<string, string> }> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs webgpu backend failed to initialise');
  await tf.ready();
  return { versions: { 'tfjs-core': tf.version_core, 'tfjs-layers': tfl.version_layers } };
}

const backend = () => tf.backend() as WebGPUBackend;

async function tfSync(): Promise<void> {
  const be = backend();
  // The backend keeps a compute pass open between ops; end it before submitting, as its own readback does.
  be.ensureCommandEncoderReady();
  be.endComputePassEncoder();
  be.submitQueue();
  await be.device.queue.onSubmittedWorkDone();
}

/** Composed causal attention: softmax(Q·Kᵀ·scale + mask)·V, as TF.js users write it (there is no fused op). */
function composedAttention(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, mask: tf.Tensor2D | null): tf.Tensor4D {
  const scale = 1 / Math.sqrt(q.shape[3]);
  let s = tf.mul(tf.matMul(q, k, false, true), scale);
  if (mask) s = tf.add(s, mask);
  return tf.matMul(tf.softmax(s), v) as tf.Tensor4D;
}

function causalMask(t: number): tf.Tensor2D {
  const m = new Float32Array(t * t);
  for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) m[i * t + j] = -1e9;
  return tf.tensor2d(m, [t, t]);
}

/** The MLP or LeNet-5 of our presets, built with tfjs-layers. */
function tfModel(which: 'mlp' | 'lenet'): tfl.Sequential {
  const L = tfl.layers;
  const layers =
    which === 'mlp'
      ? [
          L.flatten({ inputShape: [28, 28, 1] }),
          L.dense({ units: 128, activation: 'relu' }),
          L.dropout({ rate: 0.2 }),
          L.dense({ units: 10 }),
        ]
      : [
          L.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
          L.maxPooling2d({ poolSize: 2 }),
          L.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
          L.maxPooling2d({ poolSize: 2 }),
          L.flatten(),
          L.dense({ units: 120, activation: 'relu' }),
          L.dense({ units: 84, activation: 'relu' }),
          L.dense({ units: 10 }),
        ];
  return tfl.sequential({ layers });
}

/** TF.js's runner. */
export function tfjsSystem(): System {
  const rand = (shape: number[], seed: number) => tf.tensor(randomValues(sizeOf(shape), seed), shape);
  const prepared = (
    inputs: (tf.Tensor | null)[],
    run: () => tf.TensorContainer,
    extra: () => void = () => {},
  ): Prepared => ({
    run: () => void tf.dispose(tf.tidy(run)),
    sync: tfSync,
    dispose: () => {
      tf.dispose(inputs.filter((t): t is tf.Tensor => t !== null));
      extra();
    },
  });
  /** A forward-only case, which can also hand its output to --check. */
  const forward = (inputs: (tf.Tensor | null)[], fn: () => tf.Tensor): Prepared => ({
    ...prepared(inputs, fn),
    output: async () => {
      const y = tf.tidy(fn);
      try {
        return Float32Array.from(await y.data());
      } finally {
        y.dispose();
      }
    },
  });

  return {
    name: 'tfjs',
    async prepare(c: BenchCase): Promise<Prepared | { skipped: string }> {
      switch (c.suite) {
        case 'matmul': {
          const a = rand([c.m, c.k], SEEDS.matmul[0]);
          const b = rand([c.k, c.n], SEEDS.matmul[1]);
          return forward([a, b], () => tf.matMul(a, b));
        }
        case 'conv': {
          const x = rand([c.n, c.h, c.w, c.cin], SEEDS.conv[0]) as tf.Tensor4D;
          const w = rand([c.k, c.k, c.cin, c.cout], SEEDS.conv[1]) as tf.Tensor4D;
          if (c.pass === 'fwd') return forward([x, w], () => tf.conv2d(x, w, 1, 'same'));
          const dy = rand([c.n, c.h, c.w, c.cout], SEEDS.convDy);
          const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'),
          );
          return prepared([x, w, dy], () => grads([x, w], dy));
        }
        case 'attention': {
          const shape = [c.b, c.heads, c.t, c.d];
          const [q, k, v] = SEEDS.attention.map((s) => rand(shape, s) as tf.Tensor4D);
          const mask = c.causal ? causalMask(c.t) : null;
          if (c.pass === 'fwd') return forward([q, k, v, mask], () => composedAttention(q, k, v, mask));
          const dy = rand(shape, SEEDS.attentionDy);
          const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
            composedAttention(a as tf.Tensor4D, b as tf.Tensor4D, d as tf.Tensor4D, mask),
          );
          return prepared([q, k, v, mask, dy], () => grads([q, k, v], dy));
        }
        case 'softmax': {
          const x = rand([c.rows, c.cols], SEEDS.softmax[0]);
          return forward([x], () => tf.softmax(x));
        }
        case 'layernorm': {
          // No fused op in TF.js: moments, normalise, scale and shift (what tfjs-layers' LayerNormalization does).
          const [x, g, b] = [[c.rows, c.cols], [c.cols], [c.cols]].map((shape, i) => rand(shape, SEEDS.layernorm[i]));
          return forward([x, g, b], () => {
            const { mean, variance } = tf.moments(x, -1, true);
            return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), g), b);
          });
        }
        case 'train': {
          const model = tfModel(c.model);
          const opt = tf.train.adam(1e-3);
          const x = tf.tensor(
            randomValues(c.batch * 784, 21).map((v) => (v + 1) / 2),
            [c.batch, 28, 28, 1],
          );
          const y = tf.oneHot(tf.tensor1d(randomLabels(c.batch, 10, 22), 'int32'), 10);
          const step = () => {
            opt.minimize(
              () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
              false,
            );
            return [];
          };
          return prepared([x, y], step, () => {
            model.dispose();
            opt.dispose();
          });
        }
        case 'memory':
          return { skipped: 'ours only' };
        default:
          return c satisfies never;
      }
    },
  };
}
