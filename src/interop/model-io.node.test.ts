// The input widget a signature calls for, the tensors pictures and CSV rows become, output summaries with top-k,
// and class labels read from model metadata.
import { describe, expect, test } from 'vitest';
import { csvRows, imageTensor, inputForm, rowTensor, type ImageForm } from './model-inputs.ts';
import { summarizeOutput } from './model-outputs.ts';
import { onnxLabels, onnxSignature, parseLabels } from './onnx/signature.ts';
import { decodeModel } from './onnx/proto.ts';
import { tinyOnnx } from './testing/tiny-onnx.ts';
import type { TensorSignature } from './model.ts';

const sig = (...inputs: TensorSignature[]) => ({ inputs, outputs: [] });
const f32 = (name: string, shape: (number | string)[]): TensorSignature => ({ name, dtype: 'float32', shape });

describe('inputForm', () => {
  test('pictures: NCHW and NHWC, fixed or free sizes, grey or colour', () => {
    expect(inputForm(sig(f32('data', ['N', 3, 224, 224])))).toEqual({
      kind: 'image',
      input: 'data',
      layout: 'nchw',
      rank: 4,
      channels: 3,
      height: 224,
      width: 224,
    });
    expect(inputForm(sig(f32('img', [1, 'h', 'w', 1])))).toMatchObject({
      layout: 'nhwc',
      channels: 1,
      height: null,
      width: null,
    });
    expect(inputForm(sig(f32('x', [1, 28, 28])))).toMatchObject({
      kind: 'image',
      layout: 'nchw',
      rank: 3,
      channels: 1,
    });
    expect(inputForm(sig(f32('x', ['b', 'c', 'h', 'w'])))).toMatchObject({ layout: 'nchw', channels: 3 });
  });

  test('rows of numbers, and what has no widget', () => {
    expect(inputForm(sig(f32('x', ['batch', 4])))).toEqual({ kind: 'table', input: 'x', rank: 2, features: 4 });
    expect(inputForm(sig(f32('x', [1, 7, 9, 9])))).toMatchObject({ kind: 'other' });
    expect(inputForm(sig({ name: 'ids', dtype: 'int64', shape: [1, 16] }))).toMatchObject({
      kind: 'other',
      reason: expect.stringMatching(/“ids” \[1, 16\] int64/),
    });
    expect(inputForm(sig(f32('a', [4]), f32('b', [4])))).toMatchObject({ reason: expect.stringMatching(/2 inputs/) });
  });
});

describe('imageTensor', () => {
  // Two pixels: pure red and pure white.
  const rgba = [255, 0, 0, 255, 255, 255, 255, 255];
  const form: ImageForm = { kind: 'image', input: 'x', layout: 'nchw', rank: 4, channels: 3, height: 1, width: 2 };

  test('NCHW puts each channel in its own plane, NHWC keeps pixels together', () => {
    expect(Array.from(imageTensor(rgba, form, 1, 2, 'unit').data)).toEqual([1, 1, 0, 1, 0, 1]);
    expect(imageTensor(rgba, form, 1, 2, 'unit').shape).toEqual([1, 3, 1, 2]);
    const nhwc = imageTensor(rgba, { ...form, layout: 'nhwc', rank: 3 }, 1, 2, 'bytes');
    expect(nhwc.shape).toEqual([1, 2, 3]);
    expect(Array.from(nhwc.data)).toEqual([255, 0, 0, 255, 255, 255]);
  });

  test('scales: −1 to 1, ImageNet statistics, grey as luma', () => {
    expect(Array.from(imageTensor(rgba, form, 1, 2, 'signed').data)).toEqual([1, 1, -1, 1, -1, 1]);
    const imagenet = imageTensor(rgba, form, 1, 2, 'imagenet').data;
    expect(imagenet[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(imagenet[2]).toBeCloseTo((0 - 0.456) / 0.224, 5);
    const grey = imageTensor(rgba, { ...form, channels: 1 }, 1, 2, 'unit');
    expect(grey.shape).toEqual([1, 1, 1, 2]);
    expect(grey.data[0]).toBeCloseTo(0.299, 5);
    expect(grey.data[1]).toBeCloseTo(1, 5);
  });
});

describe('csvRows', () => {
  test('skips a header, reads numbers, names a bad line', () => {
    const { header, rows } = csvRows('a,b\n1,2\n\n3.5,-4\n', 2);
    expect(header).toEqual(['a', 'b']);
    expect(rows.map((r) => Array.from(r))).toEqual([
      [1, 2],
      [3.5, -4],
    ]);
    expect(rowTensor(rows[0], { kind: 'table', input: 'x', rank: 2, features: 2 }).shape).toEqual([1, 2]);
    expect(() => csvRows('1,2\n3\n', 2)).toThrow(/Line 2 has 1 values, but the model takes 2/);
    expect(() => csvRows('1,2\n3,x\n', 2)).toThrow(/Line 2 holds something that is not a number/);
    expect(() => csvRows('a,b\n', 2)).toThrow(/no rows/);
  });
});

describe('summarizeOutput', () => {
  test('probabilities keep their values; logits go through softmax; labels name the classes', () => {
    const probs = summarizeOutput('y', { dtype: 'float32', shape: [1, 3], data: Float32Array.from([0.2, 0.7, 0.1]) }, [
      'a',
      'b',
      'c',
    ]);
    expect(probs.softmaxed).toBe(false);
    expect(probs.top!.map((t) => t.label)).toEqual(['b', 'a', 'c']);
    expect(probs.top![0].probability).toBeCloseTo(0.7, 6);
    const logits = summarizeOutput(
      'y',
      { dtype: 'float32', shape: [1, 2], data: Float32Array.from([0, Math.log(3)]) },
      null,
      1,
    );
    expect(logits.softmaxed).toBe(true);
    expect(logits.top).toEqual([{ index: 1, label: 'class 1', probability: expect.closeTo(0.75, 6) }]);
  });

  test('other tensors get their shape and range only', () => {
    const map = summarizeOutput(
      'm',
      { dtype: 'float32', shape: [1, 2, 2, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) },
      null,
    );
    expect(map).toMatchObject({ top: null, min: 1, max: 8, mean: 4.5, head: [1, 2, 3, 4, 5, 6, 7, 8] });
    const ids = summarizeOutput('i', { dtype: 'int64', shape: [2], data: BigInt64Array.from([3n, 5n]) }, null);
    expect(ids).toMatchObject({ top: null, min: 3, max: 5 });
  });
});

describe('signature and labels from ONNX', () => {
  test('the tiny model: weights are not inputs; labels come from metadata', () => {
    const m = decodeModel(tinyOnnx({ labels: ['x', 'y', 'z'] }));
    expect(onnxSignature(m, 't.onnx').inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 4] }]);
    expect(onnxLabels(m)).toEqual(['x', 'y', 'z']);
    expect(onnxLabels(decodeModel(tinyOnnx()))).toBeNull();
  });

  test('label texts: JSON arrays and maps, lines, commas', () => {
    expect(parseLabels('["cat","dog"]')).toEqual(['cat', 'dog']);
    expect(parseLabels('{"1":"dog","0":"cat"}')).toEqual(['cat', 'dog']);
    expect(parseLabels('cat\ndog\n')).toEqual(['cat', 'dog']);
    expect(parseLabels('cat, dog')).toEqual(['cat', 'dog']);
    expect(parseLabels('  ')).toBeNull();
  });
});
