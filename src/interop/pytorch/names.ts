// The studio ↔ PyTorch weight map of a spec: which torch attribute each layer becomes in the generated model.py,
// and for every studio tensor the state_dict key and layout change (HWIO → OIHW, [in, out] → [out, in], GRU gates).
import { parameterShapes } from '../../engine/nn/model.ts';
import type { LayerSpec, ModelSpec } from '../../engine/nn/spec.ts';
import { ModelFormatError } from '../errors.ts';
import { checkedWeights, type ExportWeights } from '../export-weights.ts';
import { permute } from '../onnx/export-graph.ts';

/** How a studio tensor's values are laid out in PyTorch. */
export type Layout = 'same' | 'transpose' | 'oihw' | 'gruT' | 'gruBias';

export interface TorchEntry {
  /** The studio's name (`layers[0].kernel`), or null for a PyTorch-only tensor that stays zero (bias_hh_l0). */
  studio: string | null;
  torch: string;
  layout: Layout;
  /** The PyTorch shape. */
  shape: number[];
}

const SHORT: Partial<Record<LayerSpec['type'], string>> = {
  dense: 'fc',
  conv2d: 'conv',
  maxPool2d: 'pool',
  avgPool2d: 'pool',
  dropout: 'drop',
  batchNorm: 'bn',
  layerNorm: 'ln',
  embedding: 'embed',
  positionalEmbedding: 'pos',
  multiHeadAttention: 'attn',
  transformerBlock: 'block',
  simpleRNN: 'rnn',
  lstm: 'lstm',
  gru: 'gru',
};

/** The model.py attribute of the layer at `path` (`layers[3].layers[1]` → `conv3_1`), or null when it has none. */
export function attributeOf(spec: LayerSpec, path: string): string | null {
  const short = SHORT[spec.type];
  if (!short) return null;
  const idx = [...path.matchAll(/\[(\d+)\]/g)].map((m) => m[1]).join('_');
  return `${short}${idx}`;
}

const GATES = { simpleRNN: 1, lstm: 4, gru: 3 } as const;

/** Every (studio tensor, torch key) pair of the layers, residual blocks included, in model order. */
function entriesOf(layers: LayerSpec[], prefix: string, shapes: Map<string, number[]>, out: TorchEntry[]): void {
  layers.forEach((s, i) => {
    const path = `${prefix}[${i}]`;
    if (s.type === 'residual') return entriesOf(s.layers, `${path}.layers`, shapes, out);
    const a = attributeOf(s, path);
    const add = (studio: string | null, torch: string, layout: Layout, shape?: number[]) => {
      const own = studio ? shapes.get(`${path}.${studio}`)! : shape!;
      const t = layout === 'transpose' || layout === 'gruT' ? [own[1], own[0]] : layout === 'oihw' ? [own[3], own[2], own[0], own[1]] : own; // prettier-ignore
      out.push({ studio: studio && `${path}.${studio}`, torch: `${a}.${torch}`, layout, shape: t });
    };
    const linear = (k: string, b: string, name: string) => (add(k, `${name}.weight`, 'transpose'), add(b, `${name}.bias`, 'same')); // prettier-ignore
    const attention = (pre: string, mod: string) =>
      (['q', 'k', 'v', 'o'] as const).forEach((n) =>
        linear(`${pre}w${n}`, `${pre}b${n}`, `${mod}${n === 'o' ? 'out' : n}`),
      );
    switch (s.type) {
      case 'dense':
        add('kernel', 'weight', 'transpose');
        if (s.useBias !== false) add('bias', 'bias', 'same');
        break;
      case 'conv2d':
        add('kernel', 'weight', 'oihw'); // grouped: [kh, kw, in/groups, out] → [out, in/groups, kh, kw]
        if (s.useBias !== false) add('bias', 'bias', 'same');
        break;
      case 'batchNorm':
        add('gamma', 'weight', 'same');
        add('beta', 'bias', 'same');
        add('movingMean', 'running_mean', 'same');
        add('movingVariance', 'running_var', 'same');
        break;
      case 'layerNorm':
        add('gamma', 'weight', 'same');
        add('beta', 'bias', 'same');
        break;
      case 'embedding':
      case 'positionalEmbedding':
        add('table', 'weight', 'same');
        break;
      case 'multiHeadAttention':
        attention('', '');
        break;
      case 'transformerBlock':
        add('ln1.gamma', 'ln1.weight', 'same');
        add('ln1.beta', 'ln1.bias', 'same');
        attention('attn.', 'attn.');
        add('ln2.gamma', 'ln2.weight', 'same');
        add('ln2.beta', 'ln2.bias', 'same');
        linear('mlp.kernel1', 'mlp.bias1', 'fc1');
        linear('mlp.kernel2', 'mlp.bias2', 'fc2');
        break;
      case 'simpleRNN':
      case 'lstm':
      case 'gru': {
        const gru = s.type === 'gru';
        const g = GATES[s.type] * s.units;
        for (const dir of s.bidirectional ? ['fwd', 'bwd'] : ['fwd']) {
          const sfx = dir === 'fwd' ? 'l0' : 'l0_reverse';
          add(`${dir}.kernel`, `weight_ih_${sfx}`, gru ? 'gruT' : 'transpose');
          add(`${dir}.recurrent`, `weight_hh_${sfx}`, gru ? 'gruT' : 'transpose');
          add(`${dir}.bias`, `bias_ih_${sfx}`, gru ? 'gruBias' : 'same');
          // The studio's cells have one bias; PyTorch's second one is kept at zero (and frozen) by model.py.
          add(null, `bias_hh_${sfx}`, 'same', [g]);
        }
        break;
      }
    }
  });
}

/** The studio ↔ PyTorch map of every tensor of `spec`. */
export function torchEntries(spec: ModelSpec): TorchEntry[] {
  const out: TorchEntry[] = [];
  entriesOf(spec.layers, 'layers', parameterShapes(spec), out);
  return out;
}

/** Swaps the first two gate blocks along axis 0 ([z, r, n] ↔ [r, z, n]); its own inverse. */
function swapGates(data: Float32Array, rows: number, cols: number): Float32Array {
  const u = rows / 3;
  const out = data.slice();
  out.set(data.subarray(u * cols, 2 * u * cols), 0);
  out.set(data.subarray(0, u * cols), u * cols);
  return out;
}

function toTorch(e: TorchEntry, data: Float32Array, studioShape: number[]): Float32Array {
  switch (e.layout) {
    case 'same':
      return data;
    case 'transpose':
      return permute(data, studioShape, [1, 0]);
    case 'oihw':
      return permute(data, studioShape, [3, 2, 0, 1]);
    case 'gruT':
      return swapGates(permute(data, studioShape, [1, 0]), e.shape[0], e.shape[1]);
    case 'gruBias':
      return swapGates(data, e.shape[0], 1);
  }
}

function fromTorch(e: TorchEntry, data: Float32Array): Float32Array {
  switch (e.layout) {
    case 'same':
      return data;
    case 'transpose':
      return permute(data, e.shape, [1, 0]);
    case 'oihw':
      return permute(data, e.shape, [2, 3, 1, 0]);
    case 'gruT':
      return permute(swapGates(data, e.shape[0], e.shape[1]), e.shape, [1, 0]);
    case 'gruBias':
      return swapGates(data, e.shape[0], 1);
  }
}

export type Tensors = Map<string, { shape: number[]; data: Float32Array }>;

/** The studio weights as PyTorch's state_dict (keys and layouts of the generated model.py). */
export function toTorchWeights(spec: ModelSpec, weights: ExportWeights): Tensors {
  const values = checkedWeights(spec, weights, 'PyTorch');
  const out: Tensors = new Map();
  for (const e of torchEntries(spec)) {
    const v = e.studio ? values.get(e.studio)! : null;
    out.set(e.torch, { shape: e.shape, data: v ? toTorch(e, v.data, v.shape) : new Float32Array(e.shape[0]) });
  }
  return out;
}

/**
 * A PyTorch state_dict of the generated model.py back as studio weights. A missing or misshapen tensor is a
 * ModelFormatError naming it; PyTorch's second RNN bias is folded into the studio's one where the cell allows.
 */
export function fromTorchWeights(
  spec: ModelSpec,
  tensors: Tensors,
): Record<string, { shape: number[]; data: Float32Array }> {
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  const shapes = parameterShapes(spec);
  const entries = torchEntries(spec);
  for (const e of entries) {
    const t = tensors.get(e.torch);
    if (!t)
      throw new ModelFormatError(`PyTorch import: the checkpoint has no tensor "${e.torch}" that ${spec.name} needs.`);
    if (t.shape.join() !== e.shape.join())
      throw new ModelFormatError(
        `PyTorch import: "${e.torch}" is [${t.shape.join(', ')}] but ${spec.name} needs [${e.shape.join(', ')}].`,
      );
    if (e.studio) out[e.studio] = { shape: shapes.get(e.studio)!, data: fromTorch(e, t.data) };
  }
  for (const e of entries.filter((x) => x.studio === null)) {
    const hh = tensors.get(e.torch)!.data;
    if (hh.every((v) => v === 0)) continue;
    const ih = entries.find((x) => x.torch === e.torch.replace('bias_hh', 'bias_ih'))!;
    const bias = out[ih.studio!].data;
    const g = ih.layout === 'gruBias' ? hh.length / 3 : 0;
    if (g && hh.subarray(2 * g).some((v) => v !== 0))
      throw new ModelFormatError(
        `PyTorch import: "${e.torch}" has a non-zero candidate-gate part, which the studio's GRU cell cannot hold; keep bias_hh frozen at zero as model.py does.`,
      );
    const studioHh = g ? swapGates(hh, hh.length, 1) : hh;
    out[ih.studio!] = { shape: ih.shape, data: bias.map((v, i) => v + studioHh[i]) };
  }
  return out;
}
