// "Inside the model": the activations after any prefix of the layer stack (conv feature maps), and the attention
// weights of each Transformer block per head for one input sequence (through the engine's attentionWeights).
import { Model } from './model.ts';
import type { Engine } from '../engine.ts';
import * as T from '../ops/api.ts';

/** Feature maps of one conv layer for one image: `channels` maps of height×width, channel-major. */
export interface FeatureMaps {
  layer: number;
  height: number;
  width: number;
  channels: number;
  totalChannels: number;
  maps: Float32Array;
}

/** Attention weights of one layer for one sequence: [heads, length (query), length (key)]. */
export interface AttentionMaps {
  layer: number;
  heads: number;
  length: number;
  weights: Float32Array;
}

/** Runs layers[0..upto) of `model` on `input` (one sample), sharing the model's parameters; returns [shape, values]. */
export async function prefixOutput(
  engine: Engine,
  model: Model,
  input: Float32Array | Int32Array,
  upto: number,
): Promise<{ shape: number[]; values: Float32Array }> {
  const shape = model.spec.input.shape;
  if (upto <= 0) return { shape, values: Float32Array.from(input) };
  const prefix = new Model(engine, { ...model.spec, layers: model.spec.layers.slice(0, upto) });
  // Borrow the trained tensors by name; the prefix's freshly initialised ones are freed at once.
  for (const [name, t] of prefix.tensors) {
    t.dispose();
    prefix.tensors.set(name, model.tensors.get(name)!);
  }
  try {
    const out = engine.noGrad(() =>
      engine.scope(() => prefix.forward(engine.tensor(input, [1, ...shape]), { training: false })),
    );
    const values = Float32Array.from((await out.data()) as Float32Array);
    const outShape = out.shape.slice(1);
    out.dispose();
    return { shape: outShape, values };
  } finally {
    prefix.tensors.clear();
  }
}

/** Up to `maxChannels` feature maps [H, W] of every top-level conv2d layer for one image. */
export async function featureMaps(
  engine: Engine,
  model: Model,
  input: Float32Array,
  maxChannels = 16,
): Promise<FeatureMaps[]> {
  const out: FeatureMaps[] = [];
  for (let k = 0; k < model.spec.layers.length; k++) {
    if (model.spec.layers[k].type !== 'conv2d') continue;
    const { shape, values } = await prefixOutput(engine, model, input, k + 1);
    const [h, w, c] = shape;
    const channels = Math.min(c, maxChannels);
    const maps = new Float32Array(channels * h * w);
    for (let ch = 0; ch < channels; ch++) for (let i = 0; i < h * w; i++) maps[ch * h * w + i] = values[i * c + ch];
    out.push({ layer: k, height: h, width: w, channels, totalChannels: c, maps });
  }
  return out;
}

/**
 * Attention weights softmax(q·kᵀ/√dₕ) of every top-level Transformer block or attention layer, per head, for one
 * token sequence: the block's input comes from the model's own prefix, q and k from its own layer norm and
 * projections, and the maps from the engine's `attentionWeights` (causal and key-length masks included). Keys at
 * or past `keyLength` (default: all) are masked, as padding would be.
 */
export async function attentionMaps(
  engine: Engine,
  model: Model,
  tokens: Int32Array,
  keyLength?: number,
): Promise<AttentionMaps[]> {
  const out: AttentionMaps[] = [];
  for (let k = 0; k < model.spec.layers.length; k++) {
    const spec = model.spec.layers[k];
    if (spec.type !== 'transformerBlock' && spec.type !== 'multiHeadAttention') continue;
    const { shape, values } = await prefixOutput(engine, model, tokens, k);
    const [t, d] = shape;
    const heads = spec.heads;
    const p = (name: string) => model.tensors.get(`layers[${k}].${name}`)!;
    const a = spec.type === 'transformerBlock' ? 'attn.' : '';
    const maps = engine.noGrad(() =>
      engine.scope(() => {
        const input = engine.tensor(values, [t, d]);
        const x = spec.type === 'transformerBlock' ? T.layerNorm(input, p('ln1.gamma'), p('ln1.beta')) : input;
        // [T, D] → [1, H, T, Dh], as the layer splits its heads.
        const split = (w: string, b: string) =>
          T.permute(T.reshape(T.matmul(x, p(a + w), { bias: p(a + b) }), [1, t, heads, d / heads]), [0, 2, 1, 3]);
        const q = split('wq', 'bq');
        const kk = split('wk', 'bk');
        const causal = spec.causal ?? false;
        const perHead = Array.from({ length: heads }, (_, h) =>
          T.reshape(T.attentionWeights(q, kk, { causal, batch: 0, head: h, keyLength }), [1, t, t]),
        );
        return T.concat(perHead, 0);
      }),
    );
    const weights = Float32Array.from((await maps.data()) as Float32Array);
    maps.dispose();
    out.push({ layer: k, heads, length: t, weights });
  }
  return out;
}
