// ONNX for the studio's sequence layers: SimpleRNN/LSTM/GRU as ONNX's RNN/LSTM/GRU ops (gates and weights
// reordered into ONNX's layout) and self-attention as MatMul/Softmax with a causal mask constant.
import type { LayerSpec } from '../../engine/nn/spec.ts';
import { GraphBuilder, permute, toLast, type Value } from './export-graph.ts';

/** A parameter of the layer being exported, by its name in the layer (`fwd.kernel`, `wq`). */
export type ParamOf = (name: string) => { shape: number[]; data: Float32Array };

type RnnSpec = Extract<LayerSpec, { type: 'simpleRNN' | 'lstm' | 'gru' }>;

/**
 * ONNX gate order, as indices into ours. LSTM: ONNX is [i, o, f, c], ours [i, f, g(=c), o]. GRU: both [z, r, h]
 * (ours applies the reset gate after the recurrent matmul: ONNX's linear_before_reset = 1).
 */
const GATE_ORDER = { simpleRNN: [0], lstm: [0, 3, 1, 2], gru: [0, 1, 2] } as const;
const OP = { simpleRNN: 'RNN', lstm: 'LSTM', gru: 'GRU' } as const;

/** Our kernel [in, G·U] → ONNX's [G·U, in] with the gates in ONNX's order. */
function gateRows(k: { shape: number[]; data: Float32Array }, order: readonly number[], u: number): Float32Array {
  const t = permute(k.data, k.shape, [1, 0]); // [G·U, in]
  const cols = k.shape[0];
  const out = new Float32Array(t.length);
  order.forEach((src, dst) => out.set(t.subarray(src * u * cols, (src + 1) * u * cols), dst * u * cols));
  return out;
}

/** A recurrent layer: [B, T, F] → ONNX's time-major op → [B, T, dirs·U] or [B, dirs·U]. */
export function recurrent(g: GraphBuilder, s: RnnSpec, x: Value, p: ParamOf, hint: string): Value {
  const [t, f] = x.shape;
  const u = s.units;
  const dirs = s.bidirectional ? ['fwd', 'bwd'] : ['fwd'];
  const order = GATE_ORDER[s.type];
  const gu = order.length * u;
  const w = new Float32Array(dirs.length * gu * f);
  const r = new Float32Array(dirs.length * gu * u);
  const b = new Float32Array(dirs.length * 2 * gu); // [Wb | Rb] per direction; ours has no recurrent bias
  dirs.forEach((d, i) => {
    w.set(gateRows(p(`${d}.kernel`), order, u), i * gu * f);
    r.set(gateRows(p(`${d}.recurrent`), order, u), i * gu * u);
    const bias = p(`${d}.bias`).data;
    order.forEach((src, dst) => b.set(bias.subarray(src * u, (src + 1) * u), i * 2 * gu + dst * u));
  });
  // onnxruntime runs recurrent ops time-major only (layout = 0), so transpose [B, T, F] → [T, B, F].
  const xt = g.op('Transpose', [toLast(g, x).name], { perm: [1, 0, 2] }, `${hint}.time_major`);
  const attrs: Record<string, number | string | number[]> = {
    hidden_size: u,
    direction: s.bidirectional ? 'bidirectional' : 'forward',
  };
  if (s.type === 'gru') attrs.linear_before_reset = 1;
  const inputs = [
    xt,
    g.floats(`${hint}.W`, [dirs.length, gu, f], w),
    g.floats(`${hint}.R`, [dirs.length, gu, u], r),
    g.floats(`${hint}.B`, [dirs.length, 2 * gu], b),
  ];
  g.op(OP[s.type], inputs, attrs, hint, 2);
  const [y, yh] = g.lastOutputs(); // Y [T, dirs, B, U], Y_h [dirs, B, U]
  const width = dirs.length * u;
  if (s.returnSequences) {
    const bt = g.op('Transpose', [y], { perm: [2, 0, 1, 3] }, `${hint}.batch_major`);
    return {
      name: g.op('Reshape', [bt, g.ints([0, t, width])], {}, `${hint}.sequences`),
      shape: [t, width],
      layout: 'last',
    };
  }
  const bh = g.op('Transpose', [yh], { perm: [1, 0, 2] }, `${hint}.batch_major`);
  return { name: g.op('Reshape', [bh, g.ints([0, width])], {}, `${hint}.last`), shape: [width], layout: 'last' };
}

/** x·W + b on the last axis (MatMul broadcasts over the leading axes). */
export function linear(
  g: GraphBuilder,
  x: string,
  w: { shape: number[]; data: Float32Array },
  b: string,
  hint: string,
) {
  const y = g.op('MatMul', [x, g.floats(`${hint}.weight`, w.shape, w.data)], {}, `${hint}.matmul`);
  return g.op('Add', [y, b], {}, hint);
}

/** Multi-head self-attention on [B, T, D]: softmax(Q·Kᵀ/√dₕ + mask)·V per head, then the output projection. */
export function selfAttention(
  g: GraphBuilder,
  x: string,
  t: number,
  d: number,
  heads: number,
  causal: boolean,
  p: ParamOf,
  hint: string,
): string {
  const dh = d / heads;
  const bias = (n: string) => g.floats(`${hint}.${n}`, [d], p(n).data);
  const split = (w: string, b: string, perm: number[]) => {
    const y = linear(g, x, p(w), bias(b), `${hint}.${w.slice(1)}`);
    const heads4 = g.op('Reshape', [y, g.ints([0, t, heads, dh])], {}, `${hint}.${w.slice(1)}_heads`);
    return g.op('Transpose', [heads4], { perm }, `${hint}.${w.slice(1)}_bhtd`);
  };
  const q = split('wq', 'bq', [0, 2, 1, 3]);
  const kT = split('wk', 'bk', [0, 2, 3, 1]); // [B, H, dh, T]
  const v = split('wv', 'bv', [0, 2, 1, 3]);
  let scores = g.op(
    'Mul',
    [g.op('MatMul', [q, kT], {}, `${hint}.qk`), g.scalar(1 / Math.sqrt(dh))],
    {},
    `${hint}.scores`,
  );
  if (causal) {
    // -1e9 rather than -inf keeps the softmax finite (exp(-1e9 - max) is 0 in float32).
    const mask = new Float32Array(t * t);
    for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) mask[i * t + j] = -1e9;
    scores = g.op('Add', [scores, g.floats(`${hint}.causal_mask`, [t, t], mask)], {}, `${hint}.masked`);
  }
  const probs = g.op('Softmax', [scores], { axis: -1 }, `${hint}.probs`);
  const o = g.op('MatMul', [probs, v], {}, `${hint}.context`);
  const merged = g.op(
    'Reshape',
    [g.op('Transpose', [o], { perm: [0, 2, 1, 3] }, `${hint}.context_bthd`), g.ints([0, t, d])],
    {},
    `${hint}.merged`,
  );
  return linear(g, merged, p('wo'), bias('bo'), `${hint}.out`);
}
