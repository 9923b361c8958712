// Attention maps for "Inside the model" on WebGPU: the engine's attentionWeights path agrees with a plain CPU
// computation from the block's own weights (layer norm, q/k projections, softmax(q·kᵀ/√dₕ)), rows sum to 1,
// causal entries above the diagonal are 0, and a key length masks the keys past it.
import { afterAll, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import { Model } from './model.ts';
import type { ModelSpec } from './spec.ts';
import { attentionMaps, prefixOutput } from './inspect.ts';

const e = await Engine.create();
afterAll(() => e.dispose());

const spec = (block: 'transformerBlock' | 'multiHeadAttention', causal: boolean): ModelSpec => ({
  name: 'tiny attention',
  input: { shape: [5], dtype: 'i32' },
  seed: 7,
  layers: [
    { type: 'embedding', vocabSize: 9, dim: 8 },
    block === 'transformerBlock' ? { type: block, heads: 2, causal } : { type: block, heads: 2, causal },
    { type: 'dense', units: 9 },
  ],
});

/** The reference: CPU float64 from the layer's weights and its input (what workers/inspect.ts used to compute). */
async function reference(model: Model, tokens: Int32Array, causal: boolean, pre: string, norm: boolean) {
  const read = async (n: string) =>
    Float64Array.from((await model.tensors.get(`layers[1].${n}`)!.data()) as Float32Array);
  const { shape, values } = await prefixOutput(e, model, tokens, 1);
  const [t, d] = shape;
  let x = Float64Array.from(values);
  if (norm) {
    const [g, b] = [await read('ln1.gamma'), await read('ln1.beta')];
    const y = new Float64Array(t * d);
    for (let i = 0; i < t; i++) {
      const row = x.subarray(i * d, (i + 1) * d);
      const mean = row.reduce((a, v) => a + v, 0) / d;
      const inv = 1 / Math.sqrt(row.reduce((a, v) => a + (v - mean) ** 2, 0) / d + 1e-5);
      for (let j = 0; j < d; j++) y[i * d + j] = (row[j] - mean) * inv * g[j] + b[j];
    }
    x = y;
  }
  const project = async (w: string, b: string) => {
    const [W, B] = [await read(pre + w), await read(pre + b)];
    return Float64Array.from({ length: t * d }, (_, k) => {
      const [i, o] = [Math.floor(k / d), k % d];
      let s = B[o];
      for (let j = 0; j < d; j++) s += x[i * d + j] * W[j * d + o];
      return s;
    });
  };
  const [q, kk] = [await project('wq', 'bq'), await project('wk', 'bk')];
  const heads = 2;
  const dh = d / heads;
  const out = new Float64Array(heads * t * t);
  for (let h = 0; h < heads; h++)
    for (let i = 0; i < t; i++) {
      const s = Array.from({ length: t }, (_, j) => {
        if (causal && j > i) return -Infinity;
        let dot = 0;
        for (let c = 0; c < dh; c++) dot += q[i * d + h * dh + c] * kk[j * d + h * dh + c];
        return dot / Math.sqrt(dh);
      });
      const m = Math.max(...s);
      const ex = s.map((v) => (v === -Infinity ? 0 : Math.exp(v - m)));
      const sum = ex.reduce((a, v) => a + v, 0);
      ex.forEach((v, j) => (out[(h * t + i) * t + j] = v / sum));
    }
  return out;
}

for (const [block, causal] of [
  ['transformerBlock', true],
  ['transformerBlock', false],
  ['multiHeadAttention', true],
] as const) {
  test(`${block}${causal ? ' (causal)' : ''}: the engine's maps match the CPU reference`, async () => {
    const model = new Model(e, spec(block, causal));
    const tokens = Int32Array.from([0, 3, 1, 8, 2]);
    const [maps] = await attentionMaps(e, model, tokens);
    expect(maps).toMatchObject({ layer: 1, heads: 2, length: 5 });
    const want = await reference(
      model,
      tokens,
      causal,
      block === 'transformerBlock' ? 'attn.' : '',
      block === 'transformerBlock',
    );
    for (let i = 0; i < want.length; i++) expect(maps.weights[i]).toBeCloseTo(want[i], 4);
    for (let r = 0; r < 2 * 5; r++) {
      const row = maps.weights.subarray(r * 5, (r + 1) * 5);
      expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
      if (causal) for (let j = (r % 5) + 1; j < 5; j++) expect(row[j]).toBe(0);
    }
    model.dispose();
  });
}

test('keys at or past the key length get no attention', async () => {
  const model = new Model(e, spec('transformerBlock', false));
  const [maps] = await attentionMaps(e, model, Int32Array.from([0, 3, 1, 0, 0]), 3);
  for (let r = 0; r < 2 * 5; r++) {
    const row = maps.weights.subarray(r * 5, (r + 1) * 5);
    expect(row[3]).toBe(0);
    expect(row[4]).toBe(0);
    expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
  }
  model.dispose();
});
