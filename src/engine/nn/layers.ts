// The layer table: for every layer type, its output shape (with checks that point at the field),
// its parameters with their initialisers, and its forward pass built from engine ops.
// Shapes here exclude the batch dimension; tensors in forward include it.
import type { Tensor } from '../tensor.ts';
import * as T from '../ops/api.ts';
import { SpecError } from '../errors.ts';
import type { Init } from './init.ts';
import {
  KERNEL_INITIALIZERS,
  type Activation,
  type KernelInitializer,
  type LayerSpec,
  type LayerType,
  type Pair,
} from './spec.ts';
import { convOutSize, samePadding } from '../../../kernels/conv2d/conv2d.ts';
import { rnnDef } from './rnn.ts';
import { sizeOf } from '../shape.ts';

export interface ParamDecl {
  name: string;
  shape: number[];
  init: Init;
  /** Non-trainable state (batch-norm running statistics): saved in checkpoints, not optimised. */
  state?: boolean;
}

export interface ForwardContext {
  training: boolean;
  /** A fresh seed for each stochastic layer call (dropout). */
  nextSeed(): number;
}

export interface LayerDef<S extends LayerSpec> {
  outShape(s: S, input: number[], path: string): number[];
  params(s: S, input: number[]): ParamDecl[];
  forward(s: S, x: Tensor, p: Record<string, Tensor>, ctx: ForwardContext, input: number[]): Tensor;
}

export type LayerTable = { [K in LayerType]: LayerDef<Extract<LayerSpec, { type: K }>> };

const pair = (v: Pair | undefined, d: number): [number, number] =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v;

function positiveInt(path: string, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new SpecError(`${path}.${field}`, `must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

function needRank(path: string, input: number[], rank: number, what: string): void {
  if (input.length !== rank)
    throw new SpecError(
      path,
      `expects ${what} (rank ${rank} without the batch), but its input has shape [${input.join(', ')}]`,
    );
}

/** Applies a named activation (softmax over the last axis). */
export function activate(x: Tensor, a: Activation | undefined): Tensor {
  switch (a ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return T.relu(x);
    case 'relu6':
      return T.minimum(T.relu(x), 6);
    case 'leakyRelu':
      return T.leakyRelu(x, 0.01);
    case 'gelu':
      return T.gelu(x);
    case 'tanh':
      return T.tanh(x);
    case 'sigmoid':
      return T.sigmoid(x);
    case 'softmax':
      return T.softmax(x);
    default:
      throw new SpecError('activation', `unknown activation ${JSON.stringify(a)}`);
  }
}

/** Activations the matmul/conv epilogue can fuse. */
const fusable = { relu: 'relu', gelu: 'geluTanh', tanh: 'tanh', sigmoid: 'sigmoid' } as const;
function fused(a: Activation | undefined) {
  return a && a in fusable ? fusable[a as keyof typeof fusable] : undefined;
}

function checkKernelInit(path: string, s: { kernelInitializer?: KernelInitializer }): void {
  const chosen = s.kernelInitializer ?? 'auto';
  if (!KERNEL_INITIALIZERS.includes(chosen))
    throw new SpecError(
      `${path}.kernelInitializer`,
      `must be one of ${KERNEL_INITIALIZERS.join(', ')} (it is ${JSON.stringify(chosen)})`,
    );
}

/** The kernel's initialiser: the layer's choice, or (auto) He-normal before ReLU and Glorot-uniform otherwise. */
function kernelInit(
  s: { activation?: Activation; kernelInitializer?: KernelInitializer },
  fanIn: number,
  fanOut: number,
): Init {
  const chosen = s.kernelInitializer ?? 'auto';
  const relu = s.activation === 'relu' || s.activation === 'relu6' || s.activation === 'leakyRelu';
  const he = chosen === 'heNormal' || (chosen === 'auto' && relu);
  return he ? { kind: 'heNormal', fanIn } : { kind: 'glorotUniform', fanIn, fanOut };
}

/** Dense on the last axis of any-rank input. */
const dense: LayerDef<Extract<LayerSpec, { type: 'dense' }>> = {
  outShape: (s, input, path) => {
    positiveInt(path, 'units', s.units);
    checkKernelInit(path, s);
    if (input.length < 1) throw new SpecError(path, 'needs an input with at least one dimension');
    return [...input.slice(0, -1), s.units];
  },
  params: (s, input) => [
    {
      name: 'kernel',
      shape: [input[input.length - 1], s.units],
      init: kernelInit(s, input[input.length - 1], s.units),
    },
    ...(s.useBias === false ? [] : [{ name: 'bias', shape: [s.units], init: { kind: 'zeros' } as Init }]),
  ],
  forward: (s, x, p) => {
    const inDim = x.shape[x.rank - 1];
    const flat = T.reshape(x, [-1, inDim]);
    const f = fused(s.activation);
    let y = T.matmul(flat, p.kernel, { bias: p.bias, activation: f });
    if (!f) y = activate(y, s.activation);
    return T.reshape(y, [...x.shape.slice(0, -1), s.units]);
  },
};

function poolDef(kind: 'maxPool2d' | 'avgPool2d'): LayerDef<Extract<LayerSpec, { type: 'maxPool2d' | 'avgPool2d' }>> {
  return {
    outShape: (s, input, path) => {
      needRank(path, input, 3, 'an image [height, width, channels]');
      const [kh, kw] = pair(s.poolSize, 2);
      const [sh, sw] = pair(s.strides ?? s.poolSize, 2);
      [kh, kw, sh, sw].forEach((v) => positiveInt(path, 'poolSize/strides', v));
      const [h, w, c] = input;
      const ph = s.padding === 'same' ? samePadding(h, kh, sh, 1) : [0, 0];
      const pw = s.padding === 'same' ? samePadding(w, kw, sw, 1) : [0, 0];
      const oh = convOutSize(h, kh, sh, 1, ph[0], ph[1]);
      const ow = convOutSize(w, kw, sw, 1, pw[0], pw[1]);
      if (oh < 1 || ow < 1)
        throw new SpecError(`${path}.poolSize`, `a ${kh}x${kw} window does not fit the ${h}x${w} input`);
      return [oh, ow, c];
    },
    params: () => [],
    forward: (s, x) =>
      (kind === 'maxPool2d' ? T.maxPool2d : T.avgPool2d)(x, {
        size: s.poolSize,
        strides: s.strides,
        padding: s.padding,
      }),
  };
}

export const layerTable: LayerTable = {
  dense,
  conv2d: {
    outShape: (s, input, path) => {
      needRank(path, input, 3, 'an image [height, width, channels]');
      positiveInt(path, 'filters', s.filters);
      checkKernelInit(path, s);
      const [kh, kw] = pair(s.kernelSize, 3);
      const [sh, sw] = pair(s.strides, 1);
      [kh, kw].forEach((v) => positiveInt(path, 'kernelSize', v));
      [sh, sw].forEach((v) => positiveInt(path, 'strides', v));
      const g = positiveInt(path, 'groups', s.groups ?? 1);
      if (input[2] % g !== 0 || s.filters % g !== 0)
        throw new SpecError(
          `${path}.groups`,
          `${g} groups must divide both the ${input[2]} input channels and the ${s.filters} filters`,
        );
      const [h, w] = input;
      const ph = s.padding === 'same' ? samePadding(h, kh, sh, 1) : [0, 0];
      const pw = s.padding === 'same' ? samePadding(w, kw, sw, 1) : [0, 0];
      const oh = convOutSize(h, kh, sh, 1, ph[0], ph[1]);
      const ow = convOutSize(w, kw, sw, 1, pw[0], pw[1]);
      if (oh < 1 || ow < 1)
        throw new SpecError(
          `${path}.kernelSize`,
          `a ${kh}x${kw} kernel does not fit the ${h}x${w} input; use padding 'same' or a smaller kernel`,
        );
      return [oh, ow, s.filters];
    },
    params: (s, input) => {
      const [kh, kw] = pair(s.kernelSize, 3);
      const g = s.groups ?? 1;
      const fanIn = (kh * kw * input[2]) / g;
      return [
        {
          name: 'kernel',
          shape: [kh, kw, input[2] / g, s.filters],
          init: kernelInit(s, fanIn, (kh * kw * s.filters) / g),
        },
        ...(s.useBias === false ? [] : [{ name: 'bias', shape: [s.filters], init: { kind: 'zeros' } as Init }]),
      ];
    },
    forward: (s, x, p) => {
      const f = fused(s.activation);
      const y = T.conv2d(x, p.kernel, {
        strides: s.strides,
        padding: s.padding ?? 'valid',
        groups: s.groups ?? 1,
        bias: p.bias,
        activation: f,
      });
      return f ? y : activate(y, s.activation);
    },
  },
  maxPool2d: poolDef('maxPool2d'),
  avgPool2d: poolDef('avgPool2d'),
  globalAvgPool2d: {
    outShape: (_s, input, path) => (needRank(path, input, 3, 'an image [height, width, channels]'), [input[2]]),
    params: () => [],
    forward: (_s, x) => T.globalAvgPool2d(x),
  },
  zeroPadding2d: {
    outShape: (s, input, path) => {
      needRank(path, input, 3, 'an image [height, width, channels]');
      if (!Array.isArray(s.pads) || s.pads.length !== 4 || s.pads.some((v) => !Number.isInteger(v) || v < 0))
        throw new SpecError(`${path}.pads`, 'must be four whole numbers ≥ 0: [top, bottom, left, right]');
      const [t, b, l, r] = s.pads;
      return [input[0] + t + b, input[1] + l + r, input[2]];
    },
    params: () => [],
    forward: (s, x) => {
      const [t, b, l, r] = s.pads;
      return T.pad(x, [
        [0, 0],
        [t, b],
        [l, r],
        [0, 0],
      ]);
    },
  },
  flatten: {
    outShape: (_s, input) => [sizeOf(input)],
    params: () => [],
    forward: (_s, x) => T.reshape(x, [x.shape[0], -1]),
  },
  reshape: {
    outShape: (s, input, path) => {
      if (!Array.isArray(s.shape) || s.shape.some((d) => !Number.isInteger(d) || d < 1))
        throw new SpecError(`${path}.shape`, 'must be a list of positive integers');
      if (sizeOf(s.shape) !== sizeOf(input))
        throw new SpecError(
          `${path}.shape`,
          `[${s.shape.join(', ')}] holds ${sizeOf(s.shape)} values but the input [${input.join(', ')}] has ${sizeOf(input)}`,
        );
      return [...s.shape];
    },
    params: () => [],
    forward: (s, x) => T.reshape(x, [x.shape[0], ...s.shape]),
  },
  dropout: {
    outShape: (s, input, path) => {
      if (!(typeof s.rate === 'number' && s.rate >= 0 && s.rate < 1))
        throw new SpecError(`${path}.rate`, `must be in [0, 1), got ${JSON.stringify(s.rate)}`);
      return input;
    },
    params: () => [],
    forward: (s, x, _p, ctx) => (ctx.training && s.rate > 0 ? T.dropout(x, s.rate, ctx.nextSeed()) : x),
  },
  batchNorm: {
    outShape: (_s, input) => input,
    params: (_s, input) => {
      const c = input[input.length - 1];
      return [
        { name: 'gamma', shape: [c], init: { kind: 'ones' } },
        { name: 'beta', shape: [c], init: { kind: 'zeros' } },
        { name: 'movingMean', shape: [c], init: { kind: 'zeros' }, state: true },
        { name: 'movingVariance', shape: [c], init: { kind: 'ones' }, state: true },
      ];
    },
    forward: (s, x, p, ctx) =>
      T.batchNorm(
        x,
        p.gamma,
        p.beta,
        { mean: p.movingMean, variance: p.movingVariance },
        { training: ctx.training, momentum: s.momentum ?? 0.1, eps: s.epsilon ?? 1e-3 },
      ),
  },
  layerNorm: {
    outShape: (_s, input) => input,
    params: (_s, input) => {
      const c = input[input.length - 1];
      return [
        { name: 'gamma', shape: [c], init: { kind: 'ones' } },
        { name: 'beta', shape: [c], init: { kind: 'zeros' } },
      ];
    },
    forward: (s, x, p) => T.layerNorm(x, p.gamma, p.beta, s.epsilon ?? 1e-5),
  },
  embedding: {
    outShape: (s, input, path) => {
      positiveInt(path, 'vocabSize', s.vocabSize);
      positiveInt(path, 'dim', s.dim);
      return [...input, s.dim];
    },
    params: (s) => [{ name: 'table', shape: [s.vocabSize, s.dim], init: { kind: 'normal', std: 0.05 } }],
    forward: (_s, x, p) => T.embedding(p.table, x),
  },
  positionalEmbedding: {
    outShape: (s, input, path) => {
      positiveInt(path, 'maxLength', s.maxLength);
      needRank(path, input, 2, 'a sequence [time, features]');
      if (input[0] > s.maxLength)
        throw new SpecError(`${path}.maxLength`, `is ${s.maxLength} but sequences have length ${input[0]}`);
      return input;
    },
    params: (s, input) => [{ name: 'table', shape: [s.maxLength, input[1]], init: { kind: 'normal', std: 0.02 } }],
    forward: (_s, x, p) => T.add(x, T.slice(p.table, [0, 0], [x.shape[1], x.shape[2]])),
  },
  multiHeadAttention: {
    outShape: (s, input, path) => {
      needRank(path, input, 2, 'a sequence [time, features]');
      positiveInt(path, 'heads', s.heads);
      if (input[1] % s.heads !== 0)
        throw new SpecError(`${path}.heads`, `${s.heads} heads do not divide the ${input[1]} features`);
      if (input[1] / s.heads > 128)
        throw new SpecError(`${path}.heads`, `head size ${input[1] / s.heads} exceeds 128; use more heads`);
      return input;
    },
    params: (_s, input) => attentionParams(input[1]),
    forward: (s, x, p) => selfAttention(x, p, s.heads, s.causal ?? false),
  },
  transformerBlock: {
    outShape: (s, input, path) =>
      layerTable.multiHeadAttention.outShape({ type: 'multiHeadAttention', heads: s.heads }, input, path),
    params: (s, input) => {
      const d = input[1];
      const hidden = Math.round(d * (s.mlpRatio ?? 4));
      return [
        { name: 'ln1.gamma', shape: [d], init: { kind: 'ones' } },
        { name: 'ln1.beta', shape: [d], init: { kind: 'zeros' } },
        ...attentionParams(d).map((q) => ({ ...q, name: `attn.${q.name}` })),
        { name: 'ln2.gamma', shape: [d], init: { kind: 'ones' } },
        { name: 'ln2.beta', shape: [d], init: { kind: 'zeros' } },
        { name: 'mlp.kernel1', shape: [d, hidden], init: { kind: 'glorotUniform', fanIn: d, fanOut: hidden } },
        { name: 'mlp.bias1', shape: [hidden], init: { kind: 'zeros' } },
        { name: 'mlp.kernel2', shape: [hidden, d], init: { kind: 'glorotUniform', fanIn: hidden, fanOut: d } },
        { name: 'mlp.bias2', shape: [d], init: { kind: 'zeros' } },
      ];
    },
    forward: (s, x, p, ctx) => {
      const drop = (t: Tensor) => (ctx.training && (s.dropout ?? 0) > 0 ? T.dropout(t, s.dropout!, ctx.nextSeed()) : t);
      const attnParams = Object.fromEntries(
        Object.entries(p)
          .filter(([k]) => k.startsWith('attn.'))
          .map(([k, v]) => [k.slice(5), v]),
      );
      const h = T.add(
        x,
        drop(selfAttention(T.layerNorm(x, p['ln1.gamma'], p['ln1.beta']), attnParams, s.heads, s.causal ?? false)),
      );
      const [b, t, d] = h.shape;
      const n = T.reshape(T.layerNorm(h, p['ln2.gamma'], p['ln2.beta']), [b * t, d]);
      const m = T.matmul(
        T.matmul(n, p['mlp.kernel1'], { bias: p['mlp.bias1'], activation: 'geluTanh' }),
        p['mlp.kernel2'],
        { bias: p['mlp.bias2'] },
      );
      return T.add(h, drop(T.reshape(m, [b, t, d])));
    },
  },
  residual: {
    outShape: () => {
      throw new Error('residual shapes are inferred by the model builder');
    },
    params: () => [],
    forward: () => {
      throw new Error('residual blocks are run by the model builder');
    },
  },
  activation: {
    outShape: (_s, input) => input,
    params: () => [],
    forward: (s, x) => activate(x, s.activation),
  },
  simpleRNN: rnnDef('simpleRNN'),
  lstm: rnnDef('lstm'),
  gru: rnnDef('gru'),
};

function attentionParams(d: number): ParamDecl[] {
  const w = (name: string): ParamDecl => ({
    name,
    shape: [d, d],
    init: { kind: 'glorotUniform', fanIn: d, fanOut: d },
  });
  const b = (name: string): ParamDecl => ({ name, shape: [d], init: { kind: 'zeros' } });
  return [w('wq'), b('bq'), w('wk'), b('bk'), w('wv'), b('bv'), w('wo'), b('bo')];
}

/** Multi-head self-attention on [B, T, D] through the fused attention op. */
function selfAttention(x: Tensor, p: Record<string, Tensor>, heads: number, causal: boolean): Tensor {
  const [b, t, d] = x.shape;
  const flat = T.reshape(x, [b * t, d]);
  const split = (w: Tensor, bias: Tensor) =>
    T.permute(T.reshape(T.matmul(flat, w, { bias }), [b, t, heads, d / heads]), [0, 2, 1, 3]);
  const o = T.attention(split(p.wq, p.bq), split(p.wk, p.bk), split(p.wv, p.bv), { causal });
  const merged = T.reshape(T.permute(o, [0, 2, 1, 3]), [b * t, d]);
  return T.reshape(T.matmul(merged, p.wo, { bias: p.bo }), [b, t, d]);
}
