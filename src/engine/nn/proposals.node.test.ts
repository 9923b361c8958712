// Proposed models over awkward datasets: every proposal builds, fits its dataset (checkSpec with the dataset) and
// trains with the loss its task needs.
import { describe, expect, test } from 'vitest';
import { proposeModels } from './proposals.ts';
import { checkSpec } from './spec-check.ts';
import type { DatasetShape } from './spec-fit.ts';

const base = { id: 'd', title: 'd.csv', yShape: [] as number[], count: 150 };
const sets: Record<string, DatasetShape> = {
  '5×7 colour images, 4 classes': { ...base, task: 'classification', xShape: [5, 7, 3], xDtype: 'f32', classes: 4 },
  '1×1 grey images, 2 classes': { ...base, task: 'classification', xShape: [1, 1, 1], xDtype: 'f32', classes: 2 },
  '32×32 colour, 100 classes': {
    ...base,
    task: 'classification',
    xShape: [32, 32, 3],
    xDtype: 'f32',
    classes: 100,
    count: 50000,
  },
  '1-feature table, 2 classes': { ...base, task: 'classification', xShape: [1], xDtype: 'f32', classes: 2 },
  '4-feature table, 100 classes': { ...base, task: 'classification', xShape: [4], xDtype: 'f32', classes: 100 },
  'regression on 6 features': { ...base, task: 'regression', xShape: [6], xDtype: 'f32', classes: 0 },
  'regression on 1 feature': { ...base, task: 'regression', xShape: [1], xDtype: 'f32', classes: 0 },
  'image regression': { ...base, task: 'regression', xShape: [9, 9, 1], xDtype: 'f32', classes: 0 },
  'token classification': {
    ...base,
    task: 'classification',
    xShape: [64],
    xDtype: 'i32',
    classes: 2,
    tokenRange: 2001,
    count: 5000,
  },
  'short tokens, 3 classes': { ...base, task: 'classification', xShape: [3], xDtype: 'i32', classes: 3, tokenRange: 7 },
  'next character': {
    ...base,
    task: 'sequence',
    xShape: [16],
    yShape: [16],
    xDtype: 'i32',
    classes: 27,
    tokenRange: 27,
    count: 8000,
  },
  'one sample only': { ...base, task: 'classification', xShape: [3], xDtype: 'f32', classes: 2, count: 1 },
};

describe.each(Object.entries(sets))('%s', (_name, d) => {
  const proposals = proposeModels(d);
  test('proposes models that build and fit the dataset', () => {
    expect(proposals.length).toBeGreaterThan(0);
    expect(new Set(proposals.map((p) => p.id)).size).toBe(proposals.length);
    for (const p of proposals) {
      const check = checkSpec(p.spec, d);
      expect(check.error, `${p.id}: ${check.error?.message}`).toBeNull();
      expect(check.ok).toBe(true);
      expect(p.training.loss).toBe(d.task === 'regression' ? 'mse' : 'softmaxCrossEntropy');
      expect(p.training.batchSize).toBeGreaterThanOrEqual(1);
      expect(p.training.batchSize).toBeLessThanOrEqual(d.count);
    }
  });
});

test('the kinds of model follow the data: MLPs for tables, CNNs for images, sequence models for tokens', () => {
  expect(proposeModels(sets['1-feature table, 2 classes']).map((p) => p.id)).toEqual(['mlp', 'mlp-deep']);
  expect(proposeModels(sets['5×7 colour images, 4 classes']).map((p) => p.id)).toEqual(['cnn', 'lenet', 'mlp']);
  expect(proposeModels(sets['token classification']).map((p) => p.id)).toEqual(['bow-mlp', 'bilstm', 'transformer']);
  expect(proposeModels(sets['next character']).map((p) => p.id)).toEqual(['transformer', 'lstm']);
  // Sized to the data: the vocabulary and the sequence length, the image's channels.
  const t = proposeModels(sets['token classification']).find((p) => p.id === 'transformer')!;
  expect(t.spec.layers[0]).toMatchObject({ type: 'embedding', vocabSize: 2001 });
  expect(t.spec.layers[1]).toMatchObject({ type: 'positionalEmbedding', maxLength: 64 });
  expect(proposeModels(sets['5×7 colour images, 4 classes'])[0].spec.input.shape).toEqual([5, 7, 3]);
  expect(proposeModels(sets['regression on 6 features'])[0].spec.layers.at(-1)).toEqual({ type: 'dense', units: 1 });
});
