// Recurrent layers (SimpleRNN, LSTM, GRU; optionally bidirectional) built from engine ops and trained by
// backpropagation through time (the tape unrolls the loop). Input projections for all steps are one
// matmul; each step is the recurrent matmul h·R plus one fused gate op (kernels/rnn-cell) that adds
// the two projections and applies the gates.
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

function step(kind: RnnKind, xt: Tensor, h: Tensor, state: Tensor, r: Tensor): Tensor {
  const hr = T.matmul(h, r);
  if (kind === 'simpleRNN') return T.tanh(T.add(xt, hr));
  return kind === 'lstm' ? T.lstmCell(xt, hr, state) : T.gruCell(xt, hr, state);
}

/**
 * Runs one direction over [B, T, F]; returns the hidden states per step (in time order) or the last.
 * The carried state is h for SimpleRNN and GRU and [h | c] ([B, 2U]) for LSTM.
 */
function run(
  kind: RnnKind,
  x: Tensor,
  p: Record<string, Tensor>,
  dir: string,
  u: number,
  reverse: boolean,
  sequences: boolean,
): Tensor {
  const [b, t, f] = x.shape;
  const g = GATES[kind] * u;
  const xw = T.reshape(T.matmul(T.reshape(x, [b * t, f]), p[`${dir}.kernel`], { bias: p[`${dir}.bias`] }), [b, t, g]);
  let state = x.engine.zeros([b, kind === 'lstm' ? 2 * u : u]);
  let h = kind === 'lstm' ? x.engine.zeros([b, u]) : state;
  const outs: Tensor[] = new Array(t);
  for (let s = 0; s < t; s++) {
    const ti = reverse ? t - 1 - s : s;
    const xt = T.reshape(T.slice(xw, [0, ti, 0], [b, 1, g]), [b, g]);
    state = step(kind, xt, h, state, p[`${dir}.recurrent`]);
    h = kind === 'lstm' ? T.slice(state, [0, 0], [b, u]) : state;
    outs[ti] = h;
  }
  if (!sequences) return h;
  return T.concat(
    outs.map((o) => T.reshape(o, [b, 1, u])),
    1,
  );
}

export function rnnDef(kind: RnnKind): LayerDef<RnnSpec> {
  return {
    outShape: (s, input, path) => {
      if (!Number.isInteger(s.units) || s.units < 1)
        throw new SpecError(`${path}.units`, `must be a positive integer, got ${JSON.stringify(s.units)}`);
      if (input.length !== 2)
        throw new SpecError(path, `expects a sequence [time, features], but its input has shape [${input.join(', ')}]`);
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
