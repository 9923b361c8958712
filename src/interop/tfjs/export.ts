// Exports a studio model as a TensorFlow.js layers model (model.json + one weights.bin), the format
// `tf.loadLayersModel` reads: a Keras functional graph whose layers use our weights as they are (Keras shares our
// channels-last layout and the LSTM/GRU gate order), so only names change.
import { summarize } from '../../engine/nn/model.ts';
import type { Activation, LayerSpec, ModelSpec, Pair } from '../../engine/nn/spec.ts';
import { UnsupportedModelError } from '../errors.ts';
import { checkedWeights, type ExportOptions, type ExportWeights } from '../export-weights.ts';

/** The two files of a TF.js layers model: model.json (pointing at `weights.bin`) and the weights' bytes. */
export interface TfjsExport {
  modelJson: TfjsModelJson;
  weights: Uint8Array;
}

/** The parts of model.json the loader reads (tfjs-layers' ModelJSON). */
export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: null;
  modelTopology: { class_name: 'Model'; config: Record<string, unknown>; keras_version: string; backend: string };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: 'float32' }[] }[];
  userDefinedMetadata?: Record<string, unknown>;
}

export const TFJS_WEIGHTS_FILE = 'weights.bin';

type KerasLayer = { class_name: string; config: Record<string, unknown> };
interface Node extends KerasLayer {
  name: string;
  inbound_nodes: [string, number, number, Record<string, never>][][];
}

const pair = (v: Pair | undefined, d: number): [number, number] =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v;
// Weights are loaded over whatever the initialisers make, so the cheapest initialiser is the right one.
const ZEROS = { class_name: 'Zeros', config: {} };

/** Keras' name for an activation Keras runs as one (GELU is refused first); leakyRelu becomes a LeakyReLU layer. */
function kerasActivation(a: Activation | undefined): string {
  const name = a ?? 'linear';
  return name === 'leakyRelu' ? 'linear' : name;
}

/** What layer `s` is when TF.js layers cannot hold it (for the sentence "<path> is a …"), or null. */
function refusal(s: LayerSpec): string | null {
  switch (s.type) {
    case 'gru':
      return 'GRU with the reset gate after the recurrent matmul (reset_after, as in PyTorch and Keras 2.x defaults), which tfjs-layers does not implement';
    case 'positionalEmbedding':
      return 'learned positional embedding (no Keras layer in tfjs-layers)';
    case 'conv2d':
      // Keras' Conv2D has no groups; a depthwise one would need the input's channels to name DepthwiseConv2D.
      return (s.groups ?? 1) > 1 ? 'grouped (depthwise) convolution (tfjs-layers’ Conv2D has no groups)' : null;
    case 'multiHeadAttention':
    case 'transformerBlock':
      return `${s.type} (tfjs-layers has no attention layer)`;
    default:
      // The studio's GELU is the tanh form, tfjs-layers' gelu_new; but its model.json reader camel-cases every
      // string ("geluNew"), so 4.x cannot load it, and its 'gelu' is the erf form (up to ~1e-3 apart).
      return 'activation' in s && s.activation === 'gelu'
        ? 'GELU activation (tanh form: tfjs-layers 4 cannot load gelu_new from model.json)'
        : null;
  }
}

/**
 * Why a spec cannot be exported as a TF.js layers model (a sentence naming the first layer that cannot), or null
 * when it can. Needs no weights, so the Storage view can say it before anyone presses the button.
 */
export function tfjsExportProblem(spec: ModelSpec): string | null {
  const walk = (layers: LayerSpec[], prefix: string): string | null => {
    for (const [i, s] of layers.entries()) {
      const path = `${prefix}[${i}]`;
      const why = s.type === 'residual' ? walk(s.layers, `${path}.layers`) : refusal(s);
      if (why) return s.type === 'residual' ? why : sentence(path, why);
    }
    return null;
  };
  return walk(spec.layers, 'layers');
}

class Builder {
  readonly nodes: Node[] = [];
  readonly manifest: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  readonly chunks: Float32Array[] = [];

  constructor(private readonly values: Map<string, { shape: number[]; data: Float32Array }>) {}

  /** Adds a layer fed by `input` and returns its name. */
  add(name: string, layer: KerasLayer, input: string | string[]): string {
    const inbound = (Array.isArray(input) ? input : [input]).map((i) => [i, 0, 0, {}] as Node['inbound_nodes'][0][0]);
    this.nodes.push({
      name,
      class_name: layer.class_name,
      config: { ...layer.config, name },
      inbound_nodes: [inbound],
    });
    return name;
  }

  /** Writes our tensor `ours` as the Keras weight `keras` (`dense_0/kernel`). */
  weight(keras: string, ours: string): void {
    const v = this.values.get(ours)!;
    this.manifest.push({ name: keras, shape: v.shape, dtype: 'float32' });
    this.chunks.push(v.data);
  }
}

const nameOf = (path: string, type: string) => `${path.replace(/\[(\d+)\]/g, '_$1').replace(/\./g, '_')}_${type}`;

const sentence = (path: string, what: string) =>
  `${path} is a ${what}, which TensorFlow.js layers cannot load; export this model as ONNX instead.`;

/** Emits one layer (with a LeakyReLU after it where needed) and returns the name of its output. */
function emit(b: Builder, s: LayerSpec, x: string, path: string): string {
  const name = nameOf(path, s.type);
  const w = (keras: string, ours: string) => b.weight(`${name}/${keras}`, `${path}.${ours}`);
  const act = (a: Activation | undefined, y: string) =>
    a === 'leakyRelu' ? b.add(`${name}_leaky_relu`, { class_name: 'LeakyReLU', config: { alpha: 0.01 } }, y) : y;
  const why = refusal(s);
  if (why) throw new UnsupportedModelError(sentence(path, why), [s.type]);
  switch (s.type) {
    case 'dense': {
      const useBias = s.useBias !== false;
      const config = { units: s.units, activation: kerasActivation(s.activation), use_bias: useBias };
      const y = b.add(name, { class_name: 'Dense', config: { ...config, kernel_initializer: ZEROS } }, x);
      w('kernel', 'kernel');
      if (useBias) w('bias', 'bias');
      return act(s.activation, y);
    }
    case 'conv2d': {
      const config = {
        filters: s.filters,
        kernel_size: pair(s.kernelSize, 3),
        strides: pair(s.strides, 1),
        padding: s.padding ?? 'valid',
        data_format: 'channels_last',
        dilation_rate: [1, 1],
        activation: kerasActivation(s.activation),
        use_bias: s.useBias !== false,
        kernel_initializer: ZEROS,
      };
      const y = b.add(name, { class_name: 'Conv2D', config }, x);
      w('kernel', 'kernel');
      if (s.useBias !== false) w('bias', 'bias');
      return act(s.activation, y);
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const config = {
        pool_size: pair(s.poolSize, 2),
        strides: pair(s.strides ?? s.poolSize, 2),
        padding: s.padding ?? 'valid',
        data_format: 'channels_last',
      };
      return b.add(name, { class_name: s.type === 'maxPool2d' ? 'MaxPooling2D' : 'AveragePooling2D', config }, x);
    }
    case 'zeroPadding2d': {
      const [t, bottom, l, r] = s.pads;
      const config = {
        padding: [
          [t, bottom],
          [l, r],
        ],
        data_format: 'channels_last',
      };
      return b.add(name, { class_name: 'ZeroPadding2D', config }, x);
    }
    case 'globalAvgPool2d':
      return b.add(name, { class_name: 'GlobalAveragePooling2D', config: { data_format: 'channels_last' } }, x);
    case 'flatten':
      return b.add(name, { class_name: 'Flatten', config: {} }, x);
    case 'reshape':
      return b.add(name, { class_name: 'Reshape', config: { target_shape: s.shape } }, x);
    case 'dropout':
      return b.add(name, { class_name: 'Dropout', config: { rate: s.rate } }, x);
    case 'batchNorm': {
      // Keras' momentum weighs the old statistic (0.99); ours weighs the new batch (0.1).
      const config = {
        axis: -1,
        momentum: 1 - (s.momentum ?? 0.1),
        epsilon: s.epsilon ?? 1e-3,
        center: true,
        scale: true,
      };
      const y = b.add(name, { class_name: 'BatchNormalization', config }, x);
      w('gamma', 'gamma');
      w('beta', 'beta');
      w('moving_mean', 'movingMean');
      w('moving_variance', 'movingVariance');
      return y;
    }
    case 'layerNorm': {
      const config = { axis: -1, epsilon: s.epsilon ?? 1e-5, center: true, scale: true };
      const y = b.add(name, { class_name: 'LayerNormalization', config }, x);
      w('gamma', 'gamma');
      w('beta', 'beta');
      return y;
    }
    case 'embedding': {
      const config = { input_dim: s.vocabSize, output_dim: s.dim, embeddings_initializer: ZEROS };
      const y = b.add(name, { class_name: 'Embedding', config }, x);
      w('embeddings', 'table');
      return y;
    }
    case 'activation':
      return act(
        s.activation,
        b.add(name, { class_name: 'Activation', config: { activation: kerasActivation(s.activation) } }, x),
      );
    case 'residual': {
      let h = x;
      s.layers.forEach((inner, i) => (h = emit(b, inner, h, `${path}.layers[${i}]`)));
      return b.add(name, { class_name: 'Add', config: {} }, [x, h]);
    }
    case 'simpleRNN':
    case 'lstm':
      return recurrent(b, s, x, path, name);
    default:
      throw new UnsupportedModelError(sentence(path, `layer of type ${JSON.stringify(s.type)}`), [s.type]);
  }
}

/** SimpleRNN/LSTM (optionally Bidirectional, merged by concatenation as ours is). */
function recurrent(
  b: Builder,
  s: Extract<LayerSpec, { type: 'simpleRNN' | 'lstm' }>,
  x: string,
  path: string,
  name: string,
) {
  const cls = s.type === 'lstm' ? 'LSTM' : 'SimpleRNN';
  const inner = `${name}_${s.bidirectional ? 'rnn' : 'x'}`;
  const config: Record<string, unknown> = {
    units: s.units,
    activation: 'tanh',
    use_bias: true,
    return_sequences: s.returnSequences ?? false,
    kernel_initializer: ZEROS,
    recurrent_initializer: ZEROS,
  };
  // tfjs-layers' LSTM defaults to hard_sigmoid gates; ours are the true sigmoid.
  if (s.type === 'lstm') Object.assign(config, { recurrent_activation: 'sigmoid', unit_forget_bias: false });
  const weights = (prefix: string, dir: string) => {
    b.weight(`${prefix}/kernel`, `${path}.${dir}.kernel`);
    b.weight(`${prefix}/recurrent_kernel`, `${path}.${dir}.recurrent`);
    b.weight(`${prefix}/bias`, `${path}.${dir}.bias`);
  };
  if (!s.bidirectional) {
    const y = b.add(name, { class_name: cls, config }, x);
    weights(name, 'fwd');
    return y;
  }
  const wrapped = { merge_mode: 'concat', layer: { class_name: cls, config: { ...config, name: inner } } };
  const y = b.add(name, { class_name: 'Bidirectional', config: wrapped }, x);
  weights(`${name}/forward_${inner}`, 'fwd');
  weights(`${name}/backward_${inner}`, 'bwd');
  return y;
}

/**
 * Builds the TF.js layers model of a spec with its weights. A layer TF.js cannot load is an UnsupportedModelError
 * naming the layer (use the ONNX export for those).
 */
export function exportTfjs(spec: ModelSpec, weights: ExportWeights, opts: ExportOptions = {}): TfjsExport {
  summarize(spec);
  const values = checkedWeights(spec, weights, 'TF.js');
  const b = new Builder(values);
  const input = 'input';
  const dtype = spec.input.dtype === 'i32' ? 'int32' : 'float32';
  b.nodes.push({
    name: input,
    class_name: 'InputLayer',
    config: { batch_input_shape: [null, ...spec.input.shape], dtype, sparse: false, name: input },
    inbound_nodes: [],
  });
  let x = input;
  spec.layers.forEach((s, i) => (x = emit(b, s, x, `layers[${i}]`)));
  const total = b.chunks.reduce((a, c) => a + c.byteLength, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of b.chunks) {
    bytes.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += c.byteLength;
  }
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy: 'dl-studio',
      convertedBy: null,
      modelTopology: {
        class_name: 'Model',
        config: { name: spec.name, layers: b.nodes, input_layers: [[input, 0, 0]], output_layers: [[x, 0, 0]] },
        keras_version: 'tfjs-layers 4.22.0',
        backend: 'tensor_flow.js',
      },
      weightsManifest: [{ paths: [TFJS_WEIGHTS_FILE], weights: b.manifest }],
      userDefinedMetadata: {
        studio_model_spec: spec,
        ...(opts.description ? { description: opts.description } : {}),
        ...(opts.labels?.length ? { labels: opts.labels } : {}),
        ...opts.metadata,
      },
    },
    weights: bytes,
  };
}
