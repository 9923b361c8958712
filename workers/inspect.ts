// "Inside the model", computed in the worker: the activations after any prefix of the layer stack (conv feature
// maps), and the attention weights of each Transformer block per head for one input sequence.
import { Model, type Engine } from '../src/engine/index.ts';
import type { AttentionMaps, FeatureMaps } from '../src/protocol/trainer.ts';

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

function layerNorm(x: Float32Array, t: number, d: number, gamma: Float32Array, beta: Float32Array): Float32Array {
  const y = new Float32Array(t * d);
  for (let i = 0; i < t; i++) {
    let mean = 0;
    for (let j = 0; j < d; j++) mean += x[i * d + j];
    mean /= d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (x[i * d + j] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / d + 1e-5);
    for (let j = 0; j < d; j++) y[i * d + j] = (x[i * d + j] - mean) * inv * gamma[j] + beta[j];
  }
  return y;
}

function project(x: Float32Array, t: number, d: number, w: Float32Array, b: Float32Array): Float32Array {
  const y = new Float32Array(t * d);
  for (let i = 0; i < t; i++)
    for (let o = 0; o < d; o++) {
      let s = b[o];
      for (let j = 0; j < d; j++) s += x[i * d + j] * w[j * d + o];
      y[i * d + o] = s;
    }
  return y;
}

/**
 * Attention weights softmax(q·kᵀ/√dₕ) of every top-level Transformer block or attention layer, per head, for one
 * token sequence. The block's input comes from the GPU; the small T×T maps are computed here on the CPU with the
 * block's own layer norm and projections, the way the layer computes them (pre-norm blocks).
 */
export async function attentionMaps(engine: Engine, model: Model, tokens: Int32Array): Promise<AttentionMaps[]> {
  const out: AttentionMaps[] = [];
  const read = async (name: string) => Float32Array.from((await model.tensors.get(name)!.data()) as Float32Array);
  for (let k = 0; k < model.spec.layers.length; k++) {
    const spec = model.spec.layers[k];
    if (spec.type !== 'transformerBlock' && spec.type !== 'multiHeadAttention') continue;
    const { shape, values } = await prefixOutput(engine, model, tokens, k);
    const [t, d] = shape;
    const p = `layers[${k}].${spec.type === 'transformerBlock' ? 'attn.' : ''}`;
    const x =
      spec.type === 'transformerBlock'
        ? layerNorm(values, t, d, await read(`layers[${k}].ln1.gamma`), await read(`layers[${k}].ln1.beta`))
        : values;
    const q = project(x, t, d, await read(`${p}wq`), await read(`${p}bq`));
    const kk = project(x, t, d, await read(`${p}wk`), await read(`${p}bk`));
    const heads = spec.heads;
    const dh = d / heads;
    const causal = spec.causal ?? false;
    const weights = new Float32Array(heads * t * t);
    for (let h = 0; h < heads; h++)
      for (let i = 0; i < t; i++) {
        const row = new Float64Array(t);
        let max = -Infinity;
        for (let j = 0; j < t; j++) {
          if (causal && j > i) {
            row[j] = -Infinity;
            continue;
          }
          let s = 0;
          for (let c = 0; c < dh; c++) s += q[i * d + h * dh + c] * kk[j * d + h * dh + c];
          row[j] = s / Math.sqrt(dh);
          max = Math.max(max, row[j]);
        }
        let sum = 0;
        for (let j = 0; j < t; j++) sum += row[j] = row[j] === -Infinity ? 0 : Math.exp(row[j] - max);
        for (let j = 0; j < t; j++) weights[(h * t + i) * t + j] = row[j] / sum;
      }
    out.push({ layer: k, heads, length: t, weights });
  }
  return out;
}
