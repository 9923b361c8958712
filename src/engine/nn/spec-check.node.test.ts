// The layer editor's check: enumerated fields refuse values outside their choices, naming the layer, and a model is
// checked against a dataset (input, classes, regression targets, embedding range) with the fix in the sentence.
import { expect, test } from 'vitest';
import { checkSpec } from './spec-check.ts';
import type { DatasetShape } from './spec-fit.ts';
import type { LayerSpec, ModelSpec } from './spec.ts';

const mlp = (layers: LayerSpec[], shape = [4]): ModelSpec => ({ name: 'm', input: { shape }, layers });
const csv: DatasetShape = {
  id: 'imported:my',
  title: 'my.csv',
  task: 'classification',
  xShape: [4],
  xDtype: 'f32',
  yShape: [],
  classes: 3,
  count: 150,
};

test('an activation outside the choices fails the check, naming the layer and the choices', () => {
  const c = checkSpec(
    mlp([
      { type: 'dense', units: 8, activation: 'relu' },
      { type: 'dense', units: 3, activation: 'relux' as 'relu' },
    ]),
  );
  expect(c.ok).toBe(false);
  expect(c.error?.path).toBe('layers[1].activation');
  expect(c.error?.message).toMatch(/^Layer 2 \(dense\): activation must be one of linear, relu, .* \(it is "relux"\)/);
});

test('padding, kernel initialisers and flags are checked too, also inside residual blocks', () => {
  const img = (l: LayerSpec) => checkSpec(mlp([l, { type: 'flatten' }], [8, 8, 1]));
  expect(img({ type: 'conv2d', filters: 2, kernelSize: 3, padding: 'full' as 'same' }).error).toMatchObject({
    path: 'layers[0].padding',
    message: expect.stringMatching(/^Layer 1 \(conv2d\): padding must be one of valid, same/),
  });
  expect(img({ type: 'maxPool2d', poolSize: 2, padding: 'SAME' as 'same' }).error?.path).toBe('layers[0].padding');
  expect(img({ type: 'conv2d', filters: 2, kernelSize: 3, kernelInitializer: 'zeros' as 'auto' }).error?.path).toBe(
    'layers[0].kernelInitializer',
  );
  const seq = checkSpec({
    name: 's',
    input: { shape: [5], dtype: 'i32' },
    layers: [
      { type: 'embedding', vocabSize: 9, dim: 4 },
      { type: 'lstm', units: 4, bidirectional: 'yes' as unknown as boolean },
    ],
  });
  expect(seq.error?.message).toMatch(/^Layer 2 \(lstm\): bidirectional must be true or false/);
  const nested = checkSpec(
    mlp([{ type: 'residual', layers: [{ type: 'dense', units: 4, activation: 'Relu' as 'relu' }] }]),
  );
  expect(nested.error?.path).toBe('layers[0].layers[0].activation');
  expect(nested.error?.message).toMatch(/^Layer 1\.1 \(dense\): activation must be one of/);
  // Every valid choice passes.
  for (const activation of ['linear', 'relu', 'leakyRelu', 'gelu', 'tanh', 'sigmoid', 'softmax'] as const)
    expect(checkSpec(mlp([{ type: 'dense', units: 3, activation }])).ok).toBe(true);
});

test('shape errors name the layer as well as the field', () => {
  const c = checkSpec(mlp([{ type: 'dense', units: 0 }]));
  expect(c.error).toEqual({
    path: 'layers[0].units',
    message: 'Layer 1 (dense): units must be a positive integer, got 0',
  });
});

test('a model that builds but does not fit the dataset: the layer and the fix', () => {
  const c = checkSpec(
    mlp([
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 10 },
    ]),
    csv,
  );
  expect(c).toMatchObject({ ok: false, misfit: true, outShape: [10] });
  expect(c.layers).toHaveLength(3);
  expect(c.error).toEqual({
    path: 'layers[2].units',
    message: 'Layer 3 (dense) has 10 outputs but “my.csv” has 3 classes: set units to 3.',
  });
  expect(checkSpec(mlp([{ type: 'dense', units: 3 }]), csv)).toMatchObject({ ok: true, error: null });
  expect(checkSpec(mlp([{ type: 'dense', units: 3 }], [5]), csv).error).toMatchObject({
    path: 'input.shape',
    message: expect.stringMatching(/set the input shape to \[4\]/),
  });
  // Cross-entropy applies the softmax itself.
  expect(checkSpec(mlp([{ type: 'dense', units: 3, activation: 'softmax' }]), csv).error?.message).toBe(
    'Layer 1 (dense) applies softmax, but the cross-entropy loss applies it already: set activation to linear.',
  );
});

test('regression wants one linear output per target', () => {
  const cars: DatasetShape = { ...csv, title: 'cars', task: 'regression', classes: 0 };
  expect(checkSpec(mlp([{ type: 'dense', units: 3 }]), cars).error?.message).toBe(
    'Layer 1 (dense) has 3 outputs but “cars” has 1 number to predict per sample (regression, mean squared error): set units to 1.',
  );
  expect(checkSpec(mlp([{ type: 'dense', units: 1, activation: 'sigmoid' }]), cars).error?.path).toBe(
    'layers[0].activation',
  );
  expect(checkSpec(mlp([{ type: 'dense', units: 1 }]), cars).ok).toBe(true);
});

test('token models: dtype, output per position and the embedding range', () => {
  const names: DatasetShape = {
    ...csv,
    title: 'names',
    task: 'sequence',
    xShape: [8],
    yShape: [8],
    xDtype: 'i32',
    classes: 27,
    tokenRange: 27,
  };
  const lm = (vocabSize: number, layers: LayerSpec[] = [{ type: 'dense', units: 27 }]): ModelSpec => ({
    name: 'lm',
    input: { shape: [8], dtype: 'i32' },
    layers: [{ type: 'embedding', vocabSize, dim: 8 }, ...layers],
  });
  expect(checkSpec(lm(27), names).ok).toBe(true);
  expect(checkSpec(lm(20), names).error).toMatchObject({
    path: 'layers[0].vocabSize',
    message: expect.stringMatching(/^Layer 1 \(embedding\) has a vocabulary of 20 .* set vocabSize to at least 27\.$/),
  });
  expect(checkSpec(lm(27, [{ type: 'flatten' }, { type: 'dense', units: 27 }]), names).error?.message).toMatch(
    /output must be \[8, 27\]/,
  );
  expect(checkSpec({ ...lm(27), input: { shape: [8] } }, names).error?.message).toMatch(/input dtype must be i32/);
});

test('grouped and bias-free convolutions, zero padding and ReLU6 infer their shapes and parameters', () => {
  const img = (layers: LayerSpec[]) => checkSpec(mlp([...layers, { type: 'flatten' }], [6, 6, 4]));
  const ok = img([
    { type: 'zeroPadding2d', pads: [1, 0, 2, 1] },
    { type: 'conv2d', filters: 8, kernelSize: 3, groups: 4, useBias: false, activation: 'relu6' },
  ]);
  expect(ok.ok).toBe(true);
  expect(ok.layers[0].outShape).toEqual([7, 9, 4]);
  expect(ok.layers[1]).toMatchObject({ outShape: [5, 7, 8], params: 3 * 3 * 1 * 8 });
  expect(img([{ type: 'conv2d', filters: 6, kernelSize: 1, groups: 4 }]).error).toMatchObject({
    path: 'layers[0].groups',
    message: expect.stringMatching(/4 groups must divide both the 4 input channels and the 6 filters/),
  });
  expect(img([{ type: 'zeroPadding2d', pads: [1, -1, 0, 0] }]).error?.path).toBe('layers[0].pads');
});
