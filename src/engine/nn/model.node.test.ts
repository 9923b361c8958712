// Model specs on the CPU engine: every preset validates, parameter counts match the textbook, bad specs
// name the layer and field, seeds reproduce weights, and layer gradients (RNNs included) pass gradcheck.
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import { MAX_NESTING, Model, summarize, validate } from './model.ts';
import { PRESETS, textbookCnn } from './presets.ts';
import type { LayerSpec, ModelSpec } from './spec.ts';
import * as T from '../ops/api.ts';
import { backward } from '../autograd.ts';
import { gradcheck } from '../gradcheck.ts';

const e = await Engine.create({ backend: 'cpu' });

describe('model specs', () => {
  test.each(PRESETS.map((p) => [p.id, p] as const))('preset %s validates', (_id, p) => {
    expect(validate(p.spec)).toBeNull();
    expect(p.description.length).toBeGreaterThan(80);
  });

  test('the textbook CNN has 122,570 parameters on 32x32x3 and runs on 28x28x1', () => {
    expect(summarize(textbookCnn([32, 32, 3])).params).toBe(122570);
    expect(summarize(textbookCnn([28, 28, 1])).outShape).toEqual([10]);
  });

  test('MLP 784-128-10 has 101,770 parameters and a training-memory estimate', () => {
    const s = summarize(PRESETS.find((p) => p.id === 'mnist-mlp')!.spec);
    expect(s.params).toBe(101770);
    expect(s.trainingBytes(64)).toBeGreaterThan(4 * 4 * 101770);
  });

  test.each([
    [{ type: 'dense', units: 0 }, 'layers[1].units'],
    [{ type: 'conv2d', filters: 4, kernelSize: 3 }, 'layers[1]'],
    [{ type: 'dropout', rate: 1.5 }, 'layers[1].rate'],
    [{ type: 'bogus' }, 'layers[1].type'],
    [{ type: 'reshape', shape: [3, 3] }, 'layers[1].shape'],
    [{ type: 'multiHeadAttention', heads: 3 }, 'layers[1]'],
    [{ type: 'residual', layers: [{ type: 'dense', units: 5 }] }, 'layers[1].layers'],
  ])('a bad layer %j is reported at %s', (layer, path) => {
    const spec = {
      name: 'bad',
      input: { shape: [8] },
      layers: [{ type: 'dense', units: 8 }, layer as LayerSpec],
    } as ModelSpec;
    const err = validate(spec);
    expect(err).not.toBeNull();
    expect(err!.path.startsWith(path)).toBe(true);
    expect(err!.message).toContain(path);
  });

  test('the same seed gives the same initial weights; another seed does not', async () => {
    const spec = PRESETS.find((p) => p.id === 'lenet5')!.spec;
    const [a, b, c] = [new Model(e, spec), new Model(e, spec), new Model(e, { ...spec, seed: 2 })];
    const k = 'layers[0].kernel';
    expect(await a.tensors.get(k)!.array()).toEqual(await b.tensors.get(k)!.array());
    expect(await a.tensors.get(k)!.array()).not.toEqual(await c.tensors.get(k)!.array());
    [a, b, c].forEach((m) => m.dispose());
  });

  test('kernelInitializer picks Glorot-uniform or He-normal; auto is He before ReLU; a bad value names the field', async () => {
    const dense = (kernelInitializer?: 'auto' | 'glorotUniform' | 'heNormal'): ModelSpec => ({
      name: 'init',
      input: { shape: [784] },
      layers: [{ type: 'dense', units: 128, activation: 'relu', kernelInitializer }],
    });
    const values = async (spec: ModelSpec) => {
      const m = new Model(e, spec);
      const v = (await m.tensors.get('layers[0].kernel')!.array()) as unknown[];
      m.dispose();
      return v.flat(Infinity) as number[];
    };
    const std = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0) / v.length);
    const maxAbs = (v: number[]) => v.reduce((a, x) => Math.max(a, Math.abs(x)), 0);
    const [auto, he, glorot] = [
      await values(dense()),
      await values(dense('heNormal')),
      await values(dense('glorotUniform')),
    ];
    expect(auto).toEqual(he);
    expect(std(he)).toBeCloseTo(Math.sqrt(2 / 784), 3);
    const limit = Math.sqrt(6 / (784 + 128));
    expect(maxAbs(glorot)).toBeLessThanOrEqual(limit);
    expect(std(glorot)).toBeCloseTo(limit / Math.sqrt(3), 3);
    const conv: ModelSpec = {
      name: 'c',
      input: { shape: [8, 8, 1] },
      layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, kernelInitializer: 'he' as 'heNormal' }],
    };
    expect(validate(conv)?.path).toBe('layers[0].kernelInitializer');
    expect(validate(conv)?.message).toMatch(/must be one of auto, glorotUniform, heNormal/);
  });

  test('residual blocks nested past MAX_NESTING are refused by name, even 100,000 deep (once a stack overflow)', () => {
    const nest = (depth: number): LayerSpec => {
      let layer: LayerSpec = { type: 'dense', units: 4 };
      for (let i = 0; i < depth; i++) layer = { type: 'residual', layers: [layer] };
      return layer;
    };
    const spec = (depth: number) => ({ name: 'deep', input: { shape: [4] }, layers: [nest(depth)] }) as ModelSpec;
    expect(validate(spec(MAX_NESTING))).toBeNull();
    for (const depth of [MAX_NESTING + 1, 100_000]) {
      const err = validate(spec(depth));
      expect(err?.message).toContain(`nests residual blocks more than ${MAX_NESTING} deep`);
    }
  });

  test('forward checks the batch shape', () => {
    const m = new Model(e, PRESETS.find((p) => p.id === 'iris')!.spec);
    expect(() => m.forward(e.zeros([2, 5]), { training: false })).toThrow(/expects a batch of shape \[batch, 4\]/);
    m.dispose();
  });
});

describe('layer gradients (CPU gradcheck through whole models)', () => {
  const cases: [string, ModelSpec, 'f32' | 'i32'][] = [
    [
      'dense + layerNorm + residual',
      {
        name: 't',
        input: { shape: [3] },
        seed: 3,
        layers: [
          { type: 'dense', units: 4, activation: 'gelu' },
          { type: 'residual', layers: [{ type: 'layerNorm' }, { type: 'dense', units: 4, activation: 'tanh' }] },
          { type: 'dense', units: 2 },
        ],
      },
      'f32',
    ],
    [
      'conv + pool + batchNorm',
      {
        name: 't',
        input: { shape: [4, 4, 1] },
        seed: 3,
        layers: [
          { type: 'conv2d', filters: 2, kernelSize: 2, activation: 'tanh' },
          { type: 'batchNorm' },
          { type: 'avgPool2d', poolSize: 2, padding: 'same' },
          { type: 'flatten' },
          { type: 'dense', units: 2 },
        ],
      },
      'f32',
    ],
    [
      'simpleRNN sequences, bidirectional',
      {
        name: 't',
        input: { shape: [3, 2] },
        seed: 3,
        layers: [{ type: 'simpleRNN', units: 2, returnSequences: true, bidirectional: true }, { type: 'flatten' }],
      },
      'f32',
    ],
    ['lstm', { name: 't', input: { shape: [3, 2] }, seed: 3, layers: [{ type: 'lstm', units: 2 }] }, 'f32'],
    [
      'gru bidirectional',
      { name: 't', input: { shape: [3, 2] }, seed: 3, layers: [{ type: 'gru', units: 2, bidirectional: true }] },
      'f32',
    ],
    [
      'transformer block',
      {
        name: 't',
        input: { shape: [3, 4] },
        seed: 3,
        layers: [
          { type: 'positionalEmbedding', maxLength: 4 },
          { type: 'transformerBlock', heads: 2, causal: true, mlpRatio: 1 },
        ],
      },
      'f32',
    ],
  ];
  test.each(cases)('%s', async (_name, spec) => {
    const m = new Model(e, spec);
    const params = m.parameters();
    const values = await Promise.all(params.map(async (p) => Array.from(await p.array())));
    const x = e.keep(e.randomNormal([2, ...spec.input.shape], { seed: 9 }));
    const res = await gradcheck(
      e,
      (...ps) => {
        // Swap the model's parameters for the gradcheck's inputs, then run the model.
        params.forEach((p, i) => m.tensors.set([...m.tensors.entries()].find(([, t]) => t === p)![0], ps[i]));
        const out = m.forward(x, { training: true });
        params.forEach((p, i) => m.tensors.set([...m.tensors.entries()].find(([, t]) => t === ps[i])![0], p));
        return out;
      },
      values,
      params.map((p) => p.shape),
      { tol: 1e-5 },
    );
    expect(res.maxRelError).toBeLessThan(1e-5);
    x.dispose();
    m.dispose();
  });

  test('embedding + bidirectional LSTM runs forward and backward on integer inputs', () => {
    const spec: ModelSpec = {
      name: 't',
      input: { shape: [5], dtype: 'i32' },
      seed: 1,
      layers: [
        { type: 'embedding', vocabSize: 6, dim: 4 },
        { type: 'lstm', units: 4, bidirectional: true },
        { type: 'dense', units: 2 },
      ],
    };
    const m = new Model(e, spec);
    expect(() =>
      e.scope(() => backward(T.sum(m.forward(e.tensor(new Int32Array(10).fill(1), [2, 5]), { training: true })))),
    ).not.toThrow();
    m.dispose();
  });
});
