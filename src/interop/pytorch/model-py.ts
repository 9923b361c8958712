// Writes model.py: a readable torch.nn.Module for a model spec, one attribute per layer and a forward that reads
// like the spec. Images arrive NHWC as the studio feeds them; conv and pooling run in NCHW, and the tensor goes
// back to channels-last before any layer that reads the last axis (flatten, dense), so the weights keep their order.
import { summarize } from '../../engine/nn/model.ts';
import type { Activation, LayerSpec, ModelSpec, Pair } from '../../engine/nn/spec.ts';
import { samePadding } from '../../../kernels/conv2d/conv2d.ts';
import { attributeOf } from './names.ts';

const pair = (v: Pair | undefined, d: number): [number, number] =>
  v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v;
const num = (v: number) => (Number.isInteger(v) ? `${v}.0` : String(v));
const py = (v: number[]) => `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;

type Layout = 'last' | 'nchw';

interface Gen {
  init: string[];
  forward: string[];
  shapes: Map<string, { in: number[]; out: number[] }>;
  layout: Layout;
  depth: number;
}

function toNchw(g: Gen, ind: string): void {
  if (g.layout === 'nchw') return;
  g.forward.push(`${ind}x = x.permute(0, 3, 1, 2)  # NHWC → NCHW for the convolutions`);
  g.layout = 'nchw';
}

function toLast(g: Gen, ind: string): void {
  if (g.layout === 'last') return;
  g.forward.push(`${ind}x = x.permute(0, 2, 3, 1)  # NCHW → NHWC: the studio flattens channels-last`);
  g.layout = 'last';
}

function activation(g: Gen, a: Activation | undefined, ind: string): void {
  const f: Record<Activation, string | null> = {
    linear: null,
    relu: 'F.relu(x)',
    relu6: 'F.relu6(x)',
    leakyRelu: 'F.leaky_relu(x, 0.01)',
    gelu: "F.gelu(x, approximate='tanh')",
    tanh: 'torch.tanh(x)',
    sigmoid: 'torch.sigmoid(x)',
    softmax: `F.softmax(x, dim=${g.layout === 'nchw' ? 1 : -1})`,
  };
  const line = f[a ?? 'linear'];
  if (line) g.forward.push(`${ind}x = ${line}`);
}

/** TensorFlow-style 'same' padding as F.pad's (left, right, top, bottom), or null for 'valid' or none needed. */
function samePads(s: { padding?: 'valid' | 'same' }, hw: number[], k: number[], st: number[]): number[] | null {
  if (s.padding !== 'same') return null;
  const [t, b] = samePadding(hw[0], k[0], st[0], 1);
  const [l, r] = samePadding(hw[1], k[1], st[1], 1);
  return t || b || l || r ? [l, r, t, b] : null;
}

function emit(g: Gen, layers: LayerSpec[], prefix: string, ind: string): void {
  layers.forEach((s, i) => {
    const path = `${prefix}[${i}]`;
    const a = attributeOf(s, path);
    const sh = g.shapes.get(path)!;
    const F = g.forward;
    const attr = (ctor: string) => g.init.push(`        self.${a} = ${ctor}`);
    switch (s.type) {
      case 'dense':
        toLast(g, ind);
        attr(`nn.Linear(${sh.in[sh.in.length - 1]}, ${s.units}${s.useBias === false ? ', bias=False' : ''})`);
        F.push(`${ind}x = self.${a}(x)`);
        activation(g, s.activation, ind);
        break;
      case 'conv2d': {
        toNchw(g, ind);
        const k = pair(s.kernelSize, 3);
        const st = pair(s.strides, 1);
        const extra = `${(s.groups ?? 1) > 1 ? `, groups=${s.groups}` : ''}${s.useBias === false ? ', bias=False' : ''}`;
        attr(`nn.Conv2d(${sh.in[2]}, ${s.filters}, kernel_size=${py(k)}, stride=${py(st)}${extra})`);
        const p = samePads(s, sh.in, k, st);
        if (p) F.push(`${ind}x = F.pad(x, ${py(p)})  # 'same' padding, the extra row/column at the end`);
        F.push(`${ind}x = self.${a}(x)`);
        activation(g, s.activation, ind);
        break;
      }
      case 'maxPool2d':
      case 'avgPool2d': {
        toNchw(g, ind);
        const k = pair(s.poolSize, 2);
        const st = pair(s.strides ?? s.poolSize, 2);
        const max = s.type === 'maxPool2d';
        attr(`nn.${max ? 'MaxPool2d' : 'AvgPool2d'}(kernel_size=${py(k)}, stride=${py(st)})`);
        const p = samePads(s, sh.in, k, st);
        if (!p) F.push(`${ind}x = self.${a}(x)`);
        else if (max) F.push(`${ind}x = self.${a}(F.pad(x, ${py(p)}, value=float('-inf')))`);
        else
          F.push(
            `${ind}x = self.${a}(F.pad(x, ${py(p)})) / self.${a}(F.pad(torch.ones_like(x[:, :1]), ${py(p)}))  # average over real pixels only`,
          );
        break;
      }
      case 'zeroPadding2d': {
        toNchw(g, ind);
        const [t, b, l, r] = s.pads;
        F.push(`${ind}x = F.pad(x, ${py([l, r, t, b])})  # zeros: left, right, top, bottom`);
        break;
      }
      case 'globalAvgPool2d':
        toNchw(g, ind);
        F.push(`${ind}x = x.mean(dim=(2, 3))`);
        g.layout = 'last';
        break;
      case 'flatten':
        toLast(g, ind);
        F.push(`${ind}x = torch.flatten(x, 1)`);
        break;
      case 'reshape':
        toLast(g, ind);
        F.push(`${ind}x = x.reshape(x.shape[0], ${s.shape.join(', ')})`);
        break;
      case 'dropout':
        attr(`nn.Dropout(${num(s.rate)})`);
        F.push(`${ind}x = self.${a}(x)`);
        break;
      case 'batchNorm': {
        const c = sh.in[sh.in.length - 1];
        const image = sh.in.length === 3;
        const eps = num(s.epsilon ?? 1e-3);
        // Same convention as PyTorch: running = (1 − momentum)·running + momentum·batch, unbiased running variance.
        attr(`nn.BatchNorm${image ? '2d' : '1d'}(${c}, eps=${eps}, momentum=${num(s.momentum ?? 0.1)})`);
        if (image) {
          toNchw(g, ind);
          F.push(`${ind}x = self.${a}(x)`);
        } else if (sh.in.length === 1) F.push(`${ind}x = self.${a}(x)`);
        else F.push(`${ind}x = self.${a}(x.movedim(-1, 1)).movedim(1, -1)  # normalise the last (channel) axis`);
        break;
      }
      case 'layerNorm':
        toLast(g, ind);
        attr(`nn.LayerNorm(${sh.in[sh.in.length - 1]}, eps=${num(s.epsilon ?? 1e-5)})`);
        F.push(`${ind}x = self.${a}(x)`);
        break;
      case 'embedding':
        attr(`nn.Embedding(${s.vocabSize}, ${s.dim})`);
        F.push(`${ind}x = self.${a}(x.long())`);
        break;
      case 'positionalEmbedding':
        attr(`PositionalEmbedding(${s.maxLength}, ${sh.in[1]})`);
        F.push(`${ind}x = self.${a}(x)`);
        break;
      case 'multiHeadAttention':
        attr(`SelfAttention(${sh.in[1]}, heads=${s.heads}, causal=${s.causal ? 'True' : 'False'})`);
        F.push(`${ind}x = self.${a}(x)`);
        break;
      case 'transformerBlock': {
        const d = sh.in[1];
        const args = `heads=${s.heads}, hidden=${Math.round(d * (s.mlpRatio ?? 4))}, dropout=${num(s.dropout ?? 0)}`;
        attr(`TransformerBlock(${d}, ${args}, causal=${s.causal ? 'True' : 'False'})`);
        F.push(`${ind}x = self.${a}(x)`);
        break;
      }
      case 'residual': {
        const skip = `skip${g.depth++}`;
        const entry = g.layout;
        F.push(`${ind}${skip} = x  # residual block`);
        emit(g, s.layers, `${path}.layers`, ind);
        if (entry === 'nchw') toNchw(g, ind);
        else toLast(g, ind);
        F.push(`${ind}x = x + ${skip}`);
        g.depth--;
        break;
      }
      case 'activation':
        activation(g, s.activation, ind);
        break;
      case 'simpleRNN':
      case 'lstm':
      case 'gru': {
        const cls = { simpleRNN: 'nn.RNN', lstm: 'nn.LSTM', gru: 'nn.GRU' }[s.type];
        attr(`${cls}(${sh.in[1]}, ${s.units}, batch_first=True${s.bidirectional ? ', bidirectional=True' : ''})`);
        g.init.push(`        one_bias(self.${a})`);
        if (s.returnSequences) F.push(`${ind}x, _ = self.${a}(x)`);
        else {
          F.push(`${ind}_, h = self.${a}(x)`);
          const h = s.type === 'lstm' ? 'h[0]' : 'h';
          F.push(`${ind}x = torch.cat(list(${h}), dim=-1)  # the last state of each direction`);
        }
        break;
      }
    }
  });
}

/** The text of model.py for `spec` (class `Model`; `build_model()` makes one). */
export function modelPy(spec: ModelSpec): string {
  const summary = summarize(spec);
  const g: Gen = {
    init: [],
    forward: [],
    shapes: new Map(summary.layers.map((l) => [l.path, { in: l.inShape, out: l.outShape }])),
    layout: 'last',
    depth: 0,
  };
  emit(g, spec.layers, 'layers', '        ');
  toLast(g, '        ');
  const input = spec.input.dtype === 'i32' ? 'int token ids' : spec.input.shape.length === 3 ? 'float32 NHWC images' : 'float32'; // prettier-ignore
  return `${HEADER}
class Model(nn.Module):
    """${spec.name.replace(/"/g, "'")}: input [batch, ${spec.input.shape.join(', ')}] (${input}), output [batch, ${summary.outShape.join(', ')}]."""

    def __init__(self):
        super().__init__()
${g.init.join('\n')}

    def forward(self, x):
${g.forward.join('\n')}
        return x


INPUT_SHAPE = ${py(spec.input.shape)}
INPUT_DTYPE = torch.${spec.input.dtype === 'i32' ? 'int64' : 'float32'}


def build_model(weights=None):
    """A Model, with the weights of a safetensors file (the studio's export or a train.py checkpoint) when given."""
    model = Model()
    if weights is not None:
        load_weights(model, weights)
    return model


def load_weights(model, path):
    state = read_safetensors(path)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith('num_batches_tracked')]
    if missing or unexpected:
        raise ValueError(f'{path} does not fit this model: missing {missing}, unexpected {unexpected}')
`;
}

const HEADER = `# Generated by the deep learning studio from the model spec. Plain PyTorch: edit freely.
# Conventions kept from the studio: GELU is the tanh form, 'same' padding puts the extra row/column at the end
# (TensorFlow's rule), LSTM gates are [i, f, g, o] like PyTorch's, and recurrent cells have a single bias
# (PyTorch's bias_hh stays zero and frozen, see one_bias).
import torch
import torch.nn as nn
import torch.nn.functional as F

from safetensors_io import read_safetensors


class PositionalEmbedding(nn.Module):
    """A learned position vector added to each step: x + weight[:time]."""

    def __init__(self, max_length, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(max_length, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[1]]


class SelfAttention(nn.Module):
    """Multi-head self-attention with separate q, k, v and output projections; scores scaled by 1/sqrt(head size)."""

    def __init__(self, dim, heads, causal=False):
        super().__init__()
        self.heads, self.causal = heads, causal
        self.q, self.k, self.v, self.out = (nn.Linear(dim, dim) for _ in range(4))

    def forward(self, x):
        b, t, d = x.shape
        split = lambda y: y.view(b, t, self.heads, d // self.heads).transpose(1, 2)
        y = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), is_causal=self.causal)
        return self.out(y.transpose(1, 2).reshape(b, t, d))


class TransformerBlock(nn.Module):
    """Pre-norm block: h = x + attn(ln1(x)); y = h + fc2(gelu(fc1(ln2(h)))), with dropout on both branches."""

    def __init__(self, dim, heads, hidden, dropout=0.0, causal=False):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim, eps=1e-5)
        self.attn = SelfAttention(dim, heads, causal)
        self.ln2 = nn.LayerNorm(dim, eps=1e-5)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        h = x + self.drop(self.attn(self.ln1(x)))
        return h + self.drop(self.fc2(F.gelu(self.fc1(self.ln2(h)), approximate='tanh')))


def one_bias(rnn):
    """The studio's recurrent cells have one bias: keep PyTorch's second (bias_hh) at zero and out of training."""
    for name, p in rnn.named_parameters():
        if name.startswith('bias_hh'):
            nn.init.zeros_(p)
            p.requires_grad_(False)

`;
