// TensorFlow.js (CPU backend) as an independent oracle for the ops ONNX models need: erf, hard sigmoid and
// hard swish (written from TF.js primitives), the transposed convolution (tf.conv2dTranspose) and resize's
// coordinate transforms (tf.image.resizeNearestNeighbor and resizeBilinear) and dilated max pooling (tf.pool),
// forward and, where TF.js has them right, gradients.
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

describe('convTranspose2d against tf.conv2dTranspose', () => {
  test('kernel 2, stride 2, with bias (PP-OCR upsampling)', () =>
    compare(
      'convTranspose2d k2 s2',
      [input([2, 5, 7, 6], 24), input([2, 2, 3, 6], 25), input([3], 26)],
      (x, w, b) => T.convTranspose2d(x, w, { strides: 2, bias: b }),
      (x, w, b) => tf.add(tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 10, 14, 3], 2, 'valid'), b),
    ));
  // TF's 'same' for a 3x3 stride-2 transpose to 2H x 2W crops [0, 1] rows and columns (its conv's 'same' pads).
  test("3x3 stride 2, TF 'same' as pads [0, 1, 0, 1]", () =>
    compare(
      'convTranspose2d 3x3 s2 same',
      [input([1, 4, 5, 3], 27), input([3, 3, 4, 3], 28)],
      (x, w) => T.convTranspose2d(x, w, { strides: 2, padding: [0, 1, 0, 1] }),
      (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [1, 8, 10, 4], 2, 'same'),
    ));
  test('3x3 stride 2, pads 1 on every side', () =>
    compare(
      'convTranspose2d 3x3 s2 pad 1',
      [input([2, 3, 4, 2], 29), input([3, 3, 5, 2], 30)],
      (x, w) => T.convTranspose2d(x, w, { strides: 2, padding: 1 }),
      (x, w) => tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 5, 7, 5], 2, 1),
    ));
});

// TF's resize flags name ONNX's transforms: alignCorners = align_corners (nearest rounds half up, ONNX's
// round_prefer_ceil), halfPixelCenters = half_pixel (bilinear) or tf_half_pixel_for_nn with floor (nearest),
// neither = asymmetric with floor. Forward only: TF.js's resize gradients are wrong for non-square images (the
// bilinear one returns the input's transpose shape, the nearest one misroutes), so our gradients are checked
// as the adjoint of the forward (kernel test) and by finite differences (gradcheck) instead.
describe('resize2d against tf.image', () => {
  const x = () => [input([2, 5, 7, 3], 31)];
  const size: [number, number] = [9, 4];
  test('bilinear half_pixel', () =>
    compare(
      'resize bilinear half_pixel',
      x(),
      (a) => T.resize2d(a, size, { mode: 'bilinear', coordinateTransform: 'half_pixel' }),
      (a) => tf.image.resizeBilinear(a as tf.Tensor4D, size, false, true),
      2e-4,
      false,
    ));
  test('bilinear align_corners', () =>
    compare(
      'resize bilinear align_corners',
      x(),
      (a) => T.resize2d(a, size, { mode: 'bilinear', coordinateTransform: 'align_corners' }),
      (a) => tf.image.resizeBilinear(a as tf.Tensor4D, size, true, false),
      2e-4,
      false,
    ));
  test('bilinear asymmetric', () =>
    compare(
      'resize bilinear asymmetric',
      x(),
      (a) => T.resize2d(a, size, { mode: 'bilinear', coordinateTransform: 'asymmetric' }),
      (a) => tf.image.resizeBilinear(a as tf.Tensor4D, size, false, false),
      2e-4,
      false,
    ));
  test('nearest asymmetric floor (our default)', () =>
    compare(
      'resize nearest asymmetric',
      x(),
      (a) => T.resize2d(a, size),
      (a) => tf.image.resizeNearestNeighbor(a as tf.Tensor4D, size, false, false),
      2e-4,
      false,
    ));
  test('nearest tf_half_pixel_for_nn floor', () =>
    compare(
      'resize nearest tf_half_pixel_for_nn',
      x(),
      (a) => T.resize2d(a, size, { coordinateTransform: 'tf_half_pixel_for_nn', nearestMode: 'floor' }),
      (a) => tf.image.resizeNearestNeighbor(a as tf.Tensor4D, size, false, true),
      2e-4,
      false,
    ));
  test('nearest align_corners round_prefer_ceil', () =>
    compare(
      'resize nearest align_corners',
      x(),
      (a) => T.resize2d(a, size, { coordinateTransform: 'align_corners', nearestMode: 'round_prefer_ceil' }),
      (a) => tf.image.resizeNearestNeighbor(a as tf.Tensor4D, size, true, false),
      2e-4,
      false,
    ));
});

describe('pooling options against tf.pool', () => {
  // tf.pool takes dilations only with stride 1, and has no gradient for them: forward only.
  test('max pool 3x3 dilation 2 (forward)', () =>
    compare(
      'maxPool dilation 2',
      [input([2, 9, 8, 3], 32)],
      (a) => T.maxPool2d(a, { size: 3, strides: 1, dilations: 2 }),
      (a) => tf.pool(a as tf.Tensor4D, [3, 3], 'max', 'valid', 2, 1),
      2e-4,
      false,
    ));
  // Valid padding only: TF.js pads a dilated 'same' pool through space-to-batch, whose zeros then count in averages.
  test('avg pool 2x3 dilation (1, 2) (forward)', () =>
    compare(
      'avgPool dilation',
      [input([1, 7, 9, 2], 33)],
      (a) => T.avgPool2d(a, { size: [2, 3], strides: 1, dilations: [1, 2] }),
      (a) => tf.pool(a as tf.Tensor4D, [2, 3], 'avg', 'valid', [1, 2], 1),
      2e-4,
      false,
    ));
});
