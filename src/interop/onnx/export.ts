// Exports a studio model (its spec and trained weights) as an ONNX model, opset 17, for onnxruntime and any ONNX
// tool. The graph takes the studio's own input layout (images NHWC) and runs conv/pooling in NCHW inside.
import { summarize } from '../../engine/nn/model.ts';
import type { Activation, LayerSpec, ModelSpec, Pair } from '../../engine/nn/spec.ts';
import { samePadding } from '../../../kernels/conv2d/conv2d.ts';
import { UnsupportedModelError } from '../errors.ts';
import { checkedWeights, type ExportOptions, type ExportWeights } from '../export-weights.ts';
import { encodeModel, onnx } from './proto.ts';
import { GraphBuilder, permute, toLast, toNchw, valueInfo, type Value } from './export-graph.ts';
import { linear, recurrent, selfAttention, type ParamOf } from './export-sequence.ts';

export const ONNX_OPSET = 17;
const D = onnx.TensorProto.DataType;

const pair = (v: Pair | undefined, d: number): [number, number] =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v;

/** Applies an activation; softmax runs over the channel axis (axis 1 in NCHW, else the last). */
function activate(g: GraphBuilder, x: Value, a: Activation | undefined, hint: string): Value {
  const at = (name: string): Value => ({ ...x, name });
  switch (a ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return at(g.op('Relu', [x.name], {}, `${hint}.relu`));
    case 'relu6':
      return at(g.op('Clip', [x.name, g.scalar(0), g.scalar(6)], {}, `${hint}.relu6`));
    case 'leakyRelu':
      return at(g.op('LeakyRelu', [x.name], { alpha: { f: 0.01 } }, `${hint}.leaky_relu`));
    case 'tanh':
      return at(g.op('Tanh', [x.name], {}, `${hint}.tanh`));
    case 'sigmoid':
      return at(g.op('Sigmoid', [x.name], {}, `${hint}.sigmoid`));
    case 'softmax':
      return at(g.op('Softmax', [x.name], { axis: x.layout === 'nchw' ? 1 : -1 }, `${hint}.softmax`));
    case 'gelu':
      return at(geluTanh(g, x.name, hint));
    default:
      throw new UnsupportedModelError(`${hint}: the activation ${JSON.stringify(a)} has no ONNX export.`, [String(a)]);
  }
}

/**
 * GELU with the tanh approximation, as the studio computes it: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
 * Opset 17 has no Gelu op (it came in opset 20), so it is spelled out.
 */
function geluTanh(g: GraphBuilder, x: string, hint: string): string {
  const x3 = g.op('Mul', [g.op('Mul', [x, x], {}, `${hint}.gelu_x2`), x], {}, `${hint}.gelu_x3`);
  const inner = g.op('Add', [x, g.op('Mul', [x3, g.scalar(0.044715)], {}, `${hint}.gelu_cx3`)], {}, `${hint}.gelu_in`);
  const th = g.op('Tanh', [g.op('Mul', [inner, g.scalar(Math.sqrt(2 / Math.PI))], {}, `${hint}.gelu_arg`)], {});
  const half = g.op('Mul', [x, g.scalar(0.5)], {}, `${hint}.gelu_half`);
  return g.op('Mul', [half, g.op('Add', [th, g.scalar(1)], {}, `${hint}.gelu_1p`)], {}, `${hint}.gelu`);
}

/** ONNX pads [top, left, bottom, right] for a window over [h, w] (TensorFlow's 'same': the extra row at the end). */
function pads(s: { padding?: 'valid' | 'same' }, hw: number[], k: number[], st: number[]): number[] {
  if (s.padding !== 'same') return [0, 0, 0, 0];
  const [t, b] = samePadding(hw[0], k[0], st[0], 1);
  const [l, r] = samePadding(hw[1], k[1], st[1], 1);
  return [t, l, b, r];
}

interface Ctx {
  g: GraphBuilder;
  /** The parameters of the layer at `path`. */
  params(path: string): ParamOf;
}

/** Emits one layer (a residual block recursively) and returns the value it produces. */
function emitLayer(c: Ctx, s: LayerSpec, x: Value, path: string, outShape: (p: string) => number[]): Value {
  const { g } = c;
  const p = c.params(path);
  const fl = (n: string) => g.floats(`${path}.${n}`, p(n).shape, p(n).data);
  const out = (name: string, layout: Value['layout'] = 'last'): Value => ({ name, shape: outShape(path), layout });
  switch (s.type) {
    case 'dense': {
      const y = toLast(g, x);
      const k = g.op('MatMul', [y.name, fl('kernel')], {}, `${path}.matmul`);
      const biased = s.useBias === false ? k : g.op('Add', [k, fl('bias')], {}, `${path}.dense`);
      return activate(g, out(biased), s.activation, path);
    }
    case 'conv2d': {
      const y = toNchw(g, x);
      const k = p('kernel'); // [kh, kw, in, out] → ONNX's [out, in, kh, kw]
      const [kh, kw] = [k.shape[0], k.shape[1]];
      const st = pair(s.strides, 1);
      const w = g.floats(
        `${path}.kernel_oihw`,
        [k.shape[3], k.shape[2], kh, kw],
        permute(k.data, k.shape, [3, 2, 0, 1]),
      );
      // Grouped (depthwise) kernels are [kh, kw, in/groups, out] → [out, in/groups, kh, kw], ONNX's grouped layout.
      const attrs = { kernel_shape: [kh, kw], strides: st, pads: pads(s, x.shape, [kh, kw], st), group: s.groups ?? 1 };
      const inputs = s.useBias === false ? [y.name, w] : [y.name, w, fl('bias')];
      return activate(g, out(g.op('Conv', inputs, attrs, `${path}.conv`), 'nchw'), s.activation, path);
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const k = pair(s.poolSize, 2);
      const st = pair(s.strides ?? s.poolSize, 2);
      // count_include_pad = 0: a 'same' window at the edge averages only the pixels it covers, as ours does.
      const attrs = { kernel_shape: k, strides: st, pads: pads(s, x.shape, k, st) };
      const max = s.type === 'maxPool2d';
      const y = toNchw(g, x).name;
      return out(
        g.op(max ? 'MaxPool' : 'AveragePool', [y], max ? attrs : { ...attrs, count_include_pad: 0 }, path),
        'nchw',
      );
    }
    case 'zeroPadding2d': {
      const [t, b, l, r] = s.pads;
      return out(g.op('Pad', [toNchw(g, x).name, g.ints([0, 0, t, l, 0, 0, b, r])], {}, path), 'nchw');
    }
    case 'globalAvgPool2d': {
      const pooled = g.op('GlobalAveragePool', [toNchw(g, x).name], {}, `${path}.pool`);
      return out(g.op('Flatten', [pooled], { axis: 1 }, path));
    }
    case 'flatten':
      return out(g.op('Flatten', [toLast(g, x).name], { axis: 1 }, path));
    case 'reshape':
      return out(g.op('Reshape', [toLast(g, x).name, g.ints([0, ...s.shape])], {}, path));
    case 'dropout':
      return x; // identity at inference
    case 'batchNorm': {
      const attrs = { epsilon: { f: s.epsilon ?? 1e-3 } };
      const inputs = (y: string) => [y, fl('gamma'), fl('beta'), fl('movingMean'), fl('movingVariance')];
      if (x.layout === 'nchw' || x.shape.length === 1)
        return { ...x, name: g.op('BatchNormalization', inputs(x.name), attrs, path) };
      // ONNX normalises axis 1: move our last (channel) axis there and back.
      const r = x.shape.length + 1;
      const there = [0, r - 1, ...Array.from({ length: r - 2 }, (_, i) => i + 1)];
      const back = [0, ...Array.from({ length: r - 2 }, (_, i) => i + 2), 1];
      const moved = g.op('Transpose', [x.name], { perm: there }, `${path}.channels_first`);
      const bn = g.op('BatchNormalization', inputs(moved), attrs, `${path}.bn`);
      return out(g.op('Transpose', [bn], { perm: back }, path));
    }
    case 'layerNorm': {
      const attrs = { axis: -1, epsilon: { f: s.epsilon ?? 1e-5 } };
      return out(g.op('LayerNormalization', [toLast(g, x).name, fl('gamma'), fl('beta')], attrs, path));
    }
    case 'embedding':
      return out(g.op('Gather', [fl('table'), x.name], { axis: 0 }, path));
    case 'positionalEmbedding': {
      // The input length is fixed by the spec, so only the table's first T rows are ever added.
      const [t, d] = x.shape;
      const rows = g.floats(`${path}.table`, [t, d], p('table').data.slice(0, t * d));
      return out(g.op('Add', [toLast(g, x).name, rows], {}, path));
    }
    case 'multiHeadAttention': {
      const [t, d] = x.shape;
      return out(selfAttention(g, toLast(g, x).name, t, d, s.heads, s.causal ?? false, p, path));
    }
    case 'transformerBlock':
      return out(transformerBlock(c, s, toLast(g, x), path));
    case 'residual': {
      let h = x;
      s.layers.forEach((inner, i) => (h = emitLayer(c, inner, h, `${path}.layers[${i}]`, outShape)));
      const back = x.layout === 'nchw' ? toNchw(g, h) : toLast(g, h);
      return { ...x, name: g.op('Add', [x.name, back.name], {}, path) };
    }
    case 'activation':
      return activate(g, x, s.activation, path);
    case 'simpleRNN':
    case 'lstm':
    case 'gru':
      return recurrent(g, s, x, p, path);
    default:
      throw new UnsupportedModelError(
        `${path}: the layer type ${JSON.stringify((s as { type: string }).type)} has no ONNX export.`,
        [(s as { type: string }).type],
      );
  }
}

/** Pre-norm Transformer block: h = x + attn(LN₁(x)); y = h + W₂·gelu(W₁·LN₂(h)) (dropout is off at inference). */
function transformerBlock(c: Ctx, s: Extract<LayerSpec, { type: 'transformerBlock' }>, x: Value, path: string): string {
  const { g } = c;
  const p = c.params(path);
  const [t, d] = x.shape;
  const fl = (n: string) => g.floats(`${path}.${n}`, p(n).shape, p(n).data);
  const ln = (y: string, n: string) =>
    g.op(
      'LayerNormalization',
      [y, fl(`${n}.gamma`), fl(`${n}.beta`)],
      { axis: -1, epsilon: { f: 1e-5 } },
      `${path}.${n}`,
    );
  const attnP: ParamOf = (n) => p(`attn.${n}`);
  const a = selfAttention(g, ln(x.name, 'ln1'), t, d, s.heads, s.causal ?? false, attnP, `${path}.attn`);
  const h = g.op('Add', [x.name, a], {}, `${path}.residual1`);
  const m1 = linear(g, ln(h, 'ln2'), p('mlp.kernel1'), fl('mlp.bias1'), `${path}.mlp1`);
  const m2 = linear(g, geluTanh(g, m1, `${path}.mlp`), p('mlp.kernel2'), fl('mlp.bias2'), `${path}.mlp2`);
  return g.op('Add', [h, m2], {}, path);
}

/**
 * Builds the ONNX model of a spec with its weights. Checks that every weight is present with its shape first
 * (ModelFormatError naming the tensor); a layer with no ONNX form is an UnsupportedModelError naming it.
 */
export function buildOnnxModel(spec: ModelSpec, weights: ExportWeights, opts: ExportOptions = {}): onnx.IModelProto {
  const summary = summarize(spec);
  const shapes = new Map(summary.layers.map((l) => [l.path, l.outShape]));
  const values = checkedWeights(spec, weights, 'ONNX');
  const g = new GraphBuilder();
  const input = g.reserve('input');
  const output = 'output';
  g.reserve(output);
  const ctx: Ctx = { g, params: (path) => (n) => values.get(`${path}.${n}`)! };
  let x: Value = { name: input, shape: spec.input.shape, layout: 'last' };
  spec.layers.forEach((s, i) => (x = emitLayer(ctx, s, x, `layers[${i}]`, (p) => shapes.get(p)!)));
  x = toLast(g, x);
  if (x.name === input || !g.renameOutput(x.name, output))
    g.nodes.push({ opType: 'Identity', input: [x.name], output: [output], name: 'output.node' });
  const ints = spec.input.dtype === 'i32';
  const image = !ints && spec.input.shape.length === 3;
  const layout = image
    ? 'an image batch [batch, height, width, channels] (NHWC, channels last), as the studio feeds it'
    : ints
      ? 'a batch of int32 token ids [batch, ...]'
      : 'a float32 batch [batch, ...]';
  const meta: Record<string, string> = {
    ...opts.metadata,
    'studio.model_spec': JSON.stringify(spec),
    'studio.input_layout': image ? 'NHWC' : ints ? 'token ids' : 'features',
  };
  if (opts.labels?.length) meta.labels = JSON.stringify(opts.labels);
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'dl-studio',
    producerVersion: '1',
    docString: `${spec.name}, exported by the deep learning studio. Input: ${layout}.${opts.description ? ` ${opts.description}` : ''}${opts.labels?.length ? ' Class names are in metadata_props "labels".' : ''}`,
    metadataProps: Object.entries(meta).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.name,
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo(input, ints ? D.INT32 : D.FLOAT, spec.input.shape, layout)],
      output: [
        valueInfo(
          output,
          D.FLOAT,
          summary.outShape,
          opts.labels?.length ? 'one score per class in metadata "labels"' : undefined,
        ),
      ],
    },
  };
}

/** The model as ONNX file bytes (see buildOnnxModel). */
export function exportOnnx(spec: ModelSpec, weights: ExportWeights, opts: ExportOptions = {}): Uint8Array {
  return encodeModel(buildOnnxModel(spec, weights, opts));
}
