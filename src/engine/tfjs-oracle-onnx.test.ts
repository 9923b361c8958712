// TensorFlow.js (CPU backend) as an independent oracle for the ops ONNX models need: erf, hard sigmoid and
// hard swish (written from TF.js primitives), forward and gradients.
import { describe, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as T from './ops/api.ts';
import { compare, input } from './tfjs-oracle-harness.ts';

describe('ONNX activations against TensorFlow.js', () => {
  test('erf', () =>
    compare(
      'erf',
      [input([17, 33], 21)],
      (x) => T.erf(x),
      (x) => tf.erf(x),
      2e-6,
    ));
  test('hardSigmoid (alpha 0.2, beta 0.5)', () =>
    compare(
      'hardSigmoid',
      [{ ...input([17, 33], 22), v: input([17, 33], 22).v.map((v) => 3 * v) }],
      (x) => T.hardSigmoid(x),
      (x) => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1),
      1e-6,
    ));
  test('hardSwish', () =>
    compare(
      'hardSwish',
      [{ ...input([3, 65, 7], 23), v: input([3, 65, 7], 23).v.map((v) => 4 * v) }],
      (x) => T.hardSwish(x),
      (x) => tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6),
      1e-6,
    ));
});
