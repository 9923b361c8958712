// Recurrent layers (SimpleRNN, LSTM, GRU; optionally bidirectional) built from engine ops and trained by
// backpropagation through time (the tape unrolls the loop). Input projections for all steps are one
// matmul; each step adds h·R and applies the gates.
// Gate layouts: LSTM [i, f, g, o] (Hochreiter & Schmidhuber 1997, with forget gate); GRU [z, r, n] with the
// reset gate applied after the recurrent matmul (Cho et al. 2014, as in PyTorch and Keras' reset_after).
import type { Tensor } from '../tensor.ts';
import * as T from '../ops/api.ts';
import { SpecError } from '../errors.ts';
import type { LayerDef, ParamDecl } from './layers.ts';
import type { LayerSpec } from './spec.ts';

type RnnKind = 'simpleRNN' | 'lstm' | 'gru';
type RnnSpec = Extract<LayerSpec, { type: RnnKind }>;

const GATES: Record<RnnKind, number> = { simpleRNN: 1, lstm: 4, gru: 3 };

function directions(s: { bidirectional?: boolean }): string[] {
  return s.bidirectional ? ['fwd', 'bwd'] : ['fwd'];
}

/** Columns [k·u, (k+1)·u) of a [B, G·u] tensor. */
const gate = (z: Tensor, k: number, u: number) => T.slice(z, [0, k * u], [z.shape[0], u]);

function step(kind: RnnKind, xt: Tensor, h: Tensor, c: Tensor | null, r: Tensor, u: number): { h: Tensor; c: Tensor | null } {
  const hr = T.matmul(h, r);
  if (kind === 'simpleRNN') return { h: T.tanh(T.add(xt, hr)), c: null };
  if (kind === 'lstm') {
    const z = T.add(xt, hr);
    const i = T.sigmoid(gate(z, 0, u));
    const f = T.sigmoid(gate(z, 1, u));
    const g = T.tanh(gate(z, 2, u));
    const o = T.sigmoid(gate(z, 3, u));
    const cNext = T.add(T.mul(f, c!), T.mul(i, g));
    return { h: T.mul(o, T.tanh(cNext)), c: cNext };
  }
  const zg = T.sigmoid(T.add(gate(xt, 0, u), gate(hr, 0, u)));
  const rg = T.sigmoid(T.add(gate(xt, 1, u), gate(hr, 1, u)));
  const n = T.tanh(T.add(gate(xt, 2, u), T.mul(rg, gate(hr, 2, u))));
  return { h: T.add(T.mul(T.sub(1, zg), n), T.mul(zg, h)), c: null };
}

/** Runs one direction over [B, T, F]; returns the hidden states per step (in time order) or the last. */
function run(kind: RnnKind, x: Tensor, p: Record<string, Tensor>, dir: string, u: number, reverse: boolean, sequences: boolean): Tensor {
  const [b, t, f] = x.shape;
  const g = GATES[kind] * u;
  const xw = T.reshape(T.matmul(T.reshape(x, [b * t, f]), p[`${dir}.kernel`], { bias: p[`${dir}.bias`] }), [b, t, g]);
  let h = x.engine.zeros([b, u]);
  let c: Tensor | null = kind === 'lstm' ? x.engine.zeros([b, u]) : null;
  const outs: Tensor[] = new Array(t);
  for (let s = 0; s < t; s++) {
    const ti = reverse ? t - 1 - s : s;
    const xt = T.reshape(T.slice(xw, [0, ti, 0], [b, 1, g]), [b, g]);
    ({ h, c } = step(kind, xt, h, c, p[`${dir}.recurrent`], u));
    outs[ti] = h;
  }
  if (!sequences) return h;
  return T.concat(outs.map((o) => T.reshape(o, [b, 1, u])), 1);
}

export function rnnDef(kind: RnnKind): LayerDef<RnnSpec> {
  return {
    outShape: (s, input, path) => {
      if (!Number.isInteger(s.units) || s.units < 1) throw new SpecError(`${path}.units`, `must be a positive integer, got ${JSON.stringify(s.units)}`);
      if (input.length !== 2) throw new SpecError(path, `expects a sequence [time, features], but its input has shape [${input.join(', ')}]`);
      const width = s.units * directions(s).length;
      return s.returnSequences ? [input[0], width] : [width];
    },
    params: (s, input) => {
      const g = GATES[kind] * s.units;
      return directions(s).flatMap((dir): ParamDecl[] => [
        { name: `${dir}.kernel`, shape: [input[1], g], init: { kind: 'glorotUniform', fanIn: input[1], fanOut: g } },
        { name: `${dir}.recurrent`, shape: [s.units, g], init: { kind: 'glorotUniform', fanIn: s.units, fanOut: g } },
        { name: `${dir}.bias`, shape: [g], init: { kind: 'zeros' } },
      ]);
    },
    forward: (s, x, p) => {
      const outs = directions(s).map((dir) => run(kind, x, p, dir, s.units, dir === 'bwd', s.returnSequences ?? false));
      return outs.length === 1 ? outs[0] : T.concat(outs, outs[0].rank - 1);
    },
  };
}
