// Keras layers (as TF.js saves them) → the studio's layer specs, with where each parameter's values come from.
// Layouts agree: Dense [in, out], Conv2D HWIO, LSTM gates [i, f, c, o], so weights copy over as they are;
// a depthwise kernel [kh, kw, C, M] is the grouped kernel [kh, kw, 1, C·M] with the same bytes.
import { UnsupportedModelError } from '../errors.ts';
import type { Activation, LayerSpec } from '../../engine/nn/spec.ts';
import type { KerasLayer } from './model-json.ts';
import { layerNameOf } from './graph.ts';

/**
 * Where a parameter's values come from: a Keras weight of this layer (`reshaped` when only its size must agree, as
 * for depthwise kernels), or a constant (a missing bias).
 */
export type Source = { weight: string; reshaped?: boolean } | { fill: number };

/** A spec layer and its parameters' sources, by the parameter's name in the layer (`kernel`, `fwd.bias`). */
export interface Converted {
  spec: LayerSpec;
  sources: Record<string, Source>;
}

const ACTIVATIONS: Record<string, Activation> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
};

type Config = Record<string, unknown>;

function unsupported(l: KerasLayer, what: string): never {
  throw new UnsupportedModelError(`Layer "${layerNameOf(l)}" (${l.class_name}) ${what}.`, [`${l.class_name}: ${what}`]);
}

function activation(l: KerasLayer, v: unknown): Activation {
  const name = v === undefined || v === null ? 'linear' : String(v);
  const a = ACTIVATIONS[name];
  if (!a) unsupported(l, `uses the activation "${name}", which the studio does not have`);
  return a;
}

const pair = (v: unknown, d: number): [number, number] =>
  Array.isArray(v)
    ? [Number(v[0]), Number(v[1] ?? v[0])]
    : v === undefined || v === null
      ? [d, d]
      : [Number(v), Number(v)];

function channelsLast(l: KerasLayer, c: Config): void {
  if (c.data_format !== undefined && c.data_format !== null && c.data_format !== 'channels_last')
    unsupported(l, `uses data_format ${String(c.data_format)}; only channels_last images can be imported`);
}

function padding(l: KerasLayer, c: Config): 'valid' | 'same' {
  const p = c.padding ?? 'valid';
  if (p !== 'valid' && p !== 'same') unsupported(l, `uses padding "${String(p)}"`);
  return p;
}

function noDilation(l: KerasLayer, c: Config): void {
  if (pair(c.dilation_rate, 1).some((d) => d !== 1)) unsupported(l, 'uses a dilation rate other than 1');
}

const bias = (c: Config, name = 'bias'): Source => (c.use_bias === false ? { fill: 0 } : { weight: name });

function conv2d(l: KerasLayer, c: Config, channels: number): Converted[] {
  channelsLast(l, c);
  noDilation(l, c);
  const common = { kernelSize: pair(c.kernel_size, 1), strides: pair(c.strides, 1), padding: padding(l, c) };
  const act = activation(l, c.activation);
  if (l.class_name === 'Conv2D')
    return [
      {
        spec: { type: 'conv2d', filters: Number(c.filters), ...common, activation: act, useBias: c.use_bias !== false },
        sources: { kernel: { weight: 'kernel' }, ...(c.use_bias === false ? {} : { bias: bias(c) }) },
      },
    ];
  const m = Number(c.depth_multiplier ?? 1);
  const depthwise: Converted = {
    spec: { type: 'conv2d', filters: channels * m, groups: channels, ...common, useBias: false },
    sources: { kernel: { weight: 'depthwise_kernel', reshaped: true } },
  };
  if (l.class_name === 'DepthwiseConv2D') {
    depthwise.spec = { ...depthwise.spec, activation: act, useBias: c.use_bias !== false } as LayerSpec;
    if (c.use_bias !== false) depthwise.sources.bias = { weight: 'bias' };
    return [depthwise];
  }
  // SeparableConv2D: the depthwise step, then a 1×1 convolution that carries the bias and the activation.
  return [
    depthwise,
    {
      spec: {
        type: 'conv2d',
        filters: Number(c.filters),
        kernelSize: 1,
        activation: act,
        useBias: c.use_bias !== false,
      },
      sources: { kernel: { weight: 'pointwise_kernel' }, ...(c.use_bias === false ? {} : { bias: bias(c) }) },
    },
  ];
}

function pool(l: KerasLayer, c: Config): Converted[] {
  channelsLast(l, c);
  const size = pair(c.pool_size, 2);
  const type = l.class_name.startsWith('Max') ? 'maxPool2d' : 'avgPool2d';
  const p = padding(l, c);
  if (type === 'avgPool2d' && p === 'same')
    unsupported(l, "averages with padding 'same' (Keras leaves the padding out of the mean)");
  return [{ spec: { type, poolSize: size, strides: pair(c.strides ?? c.pool_size, 2), padding: p }, sources: {} }];
}

function recurrent(l: KerasLayer, c: Config): Converted[] {
  // Keras' GRU keeps a recurrent bias inside the reset gate (or applies the gate before the product, as TF.js
  // does); the studio's GRU has neither, so its outputs would differ.
  if (l.class_name === 'GRU')
    unsupported(l, "has a recurrent bias (or reset gate before the product) that the studio's GRU lacks; use an LSTM");
  if (c.go_backwards || c.stateful) unsupported(l, 'runs backwards or statefully');
  if (c.activation !== undefined && c.activation !== 'tanh')
    unsupported(l, `uses activation "${String(c.activation)}" (only tanh)`);
  const gates = c.recurrent_activation;
  if (l.class_name !== 'SimpleRNN' && gates !== 'sigmoid')
    unsupported(
      l,
      `uses recurrent_activation "${String(gates)}"; the studio's gates are sigmoid (set recurrentActivation: 'sigmoid')`,
    );
  const type = l.class_name === 'LSTM' ? 'lstm' : 'simpleRNN';
  return [
    {
      spec: { type, units: Number(c.units), returnSequences: c.return_sequences === true },
      sources: {
        'fwd.kernel': { weight: 'kernel' },
        'fwd.recurrent': { weight: 'recurrent_kernel' },
        'fwd.bias': bias(c),
      },
    },
  ];
}

/**
 * Bidirectional(LSTM/SimpleRNN) merged by concatenation: the studio's bidirectional layer, forward then backward
 * (the backward outputs back in time order, as Keras returns them). TF.js names the halves forward_<inner> and
 * backward_<inner>.
 */
function bidirectional(l: KerasLayer, c: Config): Converted[] {
  const inner = c.layer as KerasLayer | undefined;
  if (!inner || typeof inner.class_name !== 'string') unsupported(l, 'does not say which layer it wraps');
  if ((c.merge_mode ?? 'concat') !== 'concat') unsupported(l, `merges with "${String(c.merge_mode)}" (only concat)`);
  const [one] = recurrent({ ...inner, config: { ...inner.config, name: layerNameOf(l) } }, inner.config ?? {});
  const name = layerNameOf(inner);
  const sources: Record<string, Source> = {};
  for (const [dir, half] of [
    ['fwd', `forward_${name}`],
    ['bwd', `backward_${name}`],
  ])
    for (const [param, src] of Object.entries(one.sources))
      sources[param.replace('fwd.', `${dir}.`)] = 'weight' in src ? { weight: `${half}/${src.weight}` } : src;
  return [{ spec: { ...one.spec, bidirectional: true } as LayerSpec, sources }];
}

/** Explicit padding [top, bottom, left, right] from ZeroPadding2D's int, [h, w] or [[t, b], [l, r]]. */
function zeroPads(c: Config): [number, number, number, number] {
  const p = c.padding ?? 1;
  if (!Array.isArray(p)) return [Number(p), Number(p), Number(p), Number(p)];
  const [h, w] = p.map((d: unknown) => (Array.isArray(d) ? [Number(d[0]), Number(d[1])] : [Number(d), Number(d)]));
  return [h[0], h[1], w[0], w[1]];
}

/**
 * The spec layers for one Keras layer, given the channels (last axis) of its input. An unknown layer or a setting
 * the studio cannot reproduce exactly is an UnsupportedModelError naming the layer.
 */
export function convertLayer(l: KerasLayer, input: number[]): Converted[] {
  const c = l.config ?? {};
  const channels = input[input.length - 1];
  switch (l.class_name) {
    case 'Dense':
      return [
        {
          spec: {
            type: 'dense',
            units: Number(c.units),
            activation: activation(l, c.activation),
            useBias: c.use_bias !== false,
          },
          sources: { kernel: { weight: 'kernel' }, ...(c.use_bias === false ? {} : { bias: bias(c) }) },
        },
      ];
    case 'Conv2D':
    case 'DepthwiseConv2D':
    case 'SeparableConv2D':
      return conv2d(l, c, channels);
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      return pool(l, c);
    case 'GlobalAveragePooling2D':
      channelsLast(l, c);
      if (c.keepdims === true) unsupported(l, 'keeps the pooled dimensions (keepdims)');
      return [{ spec: { type: 'globalAvgPool2d' }, sources: {} }];
    case 'Flatten':
      return [{ spec: { type: 'flatten' }, sources: {} }];
    case 'Reshape': {
      const target = (c.target_shape as number[]).map(Number);
      const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
      const total = input.reduce((a, b) => a * b, 1);
      return [{ spec: { type: 'reshape', shape: target.map((d) => (d === -1 ? total / known : d)) }, sources: {} }];
    }
    case 'Dropout':
      return [{ spec: { type: 'dropout', rate: Number(c.rate ?? 0) }, sources: {} }];
    case 'BatchNormalization': {
      const axis = Array.isArray(c.axis) ? c.axis[0] : (c.axis ?? -1);
      if (axis !== -1 && axis !== input.length) unsupported(l, `normalises axis ${String(axis)}; only the last axis`);
      return [
        {
          spec: { type: 'batchNorm', momentum: 1 - Number(c.momentum ?? 0.99), epsilon: Number(c.epsilon ?? 1e-3) },
          sources: {
            gamma: c.scale === false ? { fill: 1 } : { weight: 'gamma' },
            beta: c.center === false ? { fill: 0 } : { weight: 'beta' },
            movingMean: { weight: 'moving_mean' },
            movingVariance: { weight: 'moving_variance' },
          },
        },
      ];
    }
    case 'Activation':
      return [{ spec: { type: 'activation', activation: activation(l, c.activation) }, sources: {} }];
    case 'Softmax':
      if (c.axis !== undefined && c.axis !== -1) unsupported(l, 'applies softmax to an axis other than the last');
      return [{ spec: { type: 'activation', activation: 'softmax' }, sources: {} }];
    case 'ReLU': {
      if (Number(c.negative_slope ?? 0) !== 0 || Number(c.threshold ?? 0) !== 0)
        unsupported(l, 'has a slope or threshold');
      const max = c.max_value;
      if (max !== undefined && max !== null && Number(max) !== 6)
        unsupported(l, `caps at ${String(max)} (only 6, ReLU6)`);
      return [
        { spec: { type: 'activation', activation: max === undefined || max === null ? 'relu' : 'relu6' }, sources: {} },
      ];
    }
    case 'LeakyReLU':
      if (Number(c.alpha ?? 0.3) !== 0.01)
        unsupported(l, `has alpha ${String(c.alpha ?? 0.3)}; the studio's leaky ReLU uses 0.01`);
      return [{ spec: { type: 'activation', activation: 'leakyRelu' }, sources: {} }];
    case 'ZeroPadding2D':
      channelsLast(l, c);
      return [{ spec: { type: 'zeroPadding2d', pads: zeroPads(c) }, sources: {} }];
    case 'Embedding':
      if (c.mask_zero === true) unsupported(l, 'masks token 0 (mask_zero), which the studio does not do');
      return [
        {
          spec: { type: 'embedding', vocabSize: Number(c.input_dim), dim: Number(c.output_dim) },
          sources: { table: { weight: 'embeddings' } },
        },
      ];
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN':
      return recurrent(l, c);
    case 'Bidirectional':
      return bidirectional(l, c);
    default:
      return unsupported(l, 'is not a layer the studio can import');
  }
}
