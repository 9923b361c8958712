// TensorFlow.js (CPU backend) as an independent oracle for conv2d (forward, input and filter gradients,
// including strided, dilated, padded and depthwise cases), pooling (forward and backward), softmax,
// log-softmax and softmax cross-entropy.
import { describe, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as T from './ops/api.ts';
import { compare, gpu, input, ours, theirs } from './tfjs-oracle-harness.ts';
import { expectClose, recordError } from '../../kernels/common/test-harness.ts';

describe('conv2d against TensorFlow.js', () => {
  test('3x3 same, stride 1, batch 2, 3 → 8 channels', () =>
    compare(
      'conv2d same',
      [input([2, 9, 9, 3], 1), input([3, 3, 3, 8], 2)],
      (x, w) => T.conv2d(x, w, { padding: 'same' }),
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
    ));
  test('5x5 valid, stride 2', () =>
    compare(
      'conv2d valid stride 2',
      [input([1, 13, 11, 2], 3), input([5, 5, 2, 4], 4)],
      (x, w) => T.conv2d(x, w, { strides: 2 }),
      (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid'),
    ));
  // TF.js has no gradients for dilated convolutions: forward only here (the CPU reference and the
  // finite-difference check cover the dilated gradients).
  test('3x3 dilation 2, explicit padding (forward)', () =>
    compare(
      'conv2d dilated explicit pad',
      [input([1, 10, 9, 3], 5), input([3, 3, 3, 5], 6)],
      (x, w) => T.conv2d(x, w, { dilations: 2, padding: [1, 2, 0, 1] }),
      (x, w) =>
        tf.conv2d(
          x as tf.Tensor4D,
          w as tf.Tensor4D,
          1,
          [
            [0, 0],
            [1, 2],
            [0, 1],
            [0, 0],
          ],
          'NHWC',
          2,
        ),
      2e-4,
      false,
    ));
  test('explicit padding, stride 1 (gradients)', () =>
    compare(
      'conv2d explicit pad',
      [input([1, 10, 9, 3], 5), input([3, 3, 3, 5], 6)],
      (x, w) => T.conv2d(x, w, { padding: [1, 2, 0, 1] }),
      (x, w) =>
        tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, [
          [0, 0],
          [1, 2],
          [0, 1],
          [0, 0],
        ]),
    ));
  test('depthwise 3x3 same', () =>
    compare(
      'conv2d depthwise',
      [input([2, 7, 8, 4], 7), input([3, 3, 1, 4], 8)],
      (x, w) => T.conv2d(x, w, { groups: 4, padding: 'same' }),
      (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, tf.reshape(w, [3, 3, 4, 1]) as tf.Tensor4D, 1, 'same'),
    ));
  test('with bias and relu fused', () =>
    compare(
      'conv2d bias relu',
      [input([2, 8, 8, 3], 9), input([3, 3, 3, 6], 10), input([6], 11)],
      (x, w, b) => T.conv2d(x, w, { padding: 'same', bias: b, activation: 'relu' }),
      (x, w, b) => tf.relu(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), b)),
    ));
});

describe('pooling against TensorFlow.js', () => {
  test('max pool 2x2', () =>
    compare(
      'maxPool 2x2',
      [input([2, 8, 10, 3], 12)],
      (x) => T.maxPool2d(x, { size: 2 }),
      (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'),
    ));
  test('max pool 3x3 stride 2 same', () =>
    compare(
      'maxPool 3x3 s2 same',
      [input([1, 9, 7, 2], 13)],
      (x) => T.maxPool2d(x, { size: 3, strides: 2, padding: 'same' }),
      (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, 'same'),
    ));
  // TF.js's avgPool gradient divides by the full window even where its forward excluded padding, so
  // with 'same' padding only the forward is comparable; our gradient matches our forward (gradcheck).
  test('avg pool 3x3 stride 2 same (forward)', () =>
    compare(
      'avgPool 3x3 s2 same',
      [input([2, 9, 7, 2], 14)],
      (x) => T.avgPool2d(x, { size: 3, strides: 2, padding: 'same' }),
      (x) => tf.avgPool(x as tf.Tensor4D, 3, 2, 'same'),
      2e-4,
      false,
    ));
  test('avg pool 3x3 stride 1 valid', () =>
    compare(
      'avgPool 3x3 s1',
      [input([2, 7, 6, 2], 19)],
      (x) => T.avgPool2d(x, { size: 3, strides: 1 }),
      (x) => tf.avgPool(x as tf.Tensor4D, 3, 1, 'valid'),
    ));
  test('avg pool 2x2 valid', () =>
    compare(
      'avgPool 2x2',
      [input([1, 6, 6, 4], 15)],
      (x) => T.avgPool2d(x, { size: 2 }),
      (x) => tf.avgPool(x as tf.Tensor4D, 2, 2, 'valid'),
    ));
});

describe('softmax family against TensorFlow.js', () => {
  test('softmax', () =>
    compare(
      'softmax',
      [input([17, 33], 16)],
      (x) => T.softmax(x),
      (x) => tf.softmax(x),
    ));
  test('log-softmax', () =>
    compare(
      'logSoftmax',
      [input([5, 1000], 17)],
      (x) => T.logSoftmax(x),
      (x) => tf.logSoftmax(x),
    ));
  test('softmax cross-entropy (mean) against tf.losses.softmaxCrossEntropy', async () => {
    const logits = input([20, 7], 18);
    const labels = Int32Array.from({ length: 20 }, (_, i) => (i * 3) % 7);
    const l = gpu.tensor(labels);
    const a = await ours([logits], (x) => T.softmaxCrossEntropy(x, l, { smoothing: 0.1 }), 5);
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), 7);
    const b = await theirs([logits], (x) => tf.losses.softmaxCrossEntropy(onehot, x, undefined, 0.1), 5);
    expectClose(a.y, b.y, 1e-5, 1e-5, 'loss');
    expectClose(a.grads[0], b.grads[0], 1e-6, 1e-4, 'grad');
    recordError('softmaxCrossEntropy forward', a.y, b.y);
    recordError('softmaxCrossEntropy grad', a.grads[0], b.grads[0]);
    l.dispose();
  });
});
