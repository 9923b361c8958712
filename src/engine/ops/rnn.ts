// Op table, recurrent part: one fused step of an LSTM or GRU cell (kernels/rnn-cell). The recurrent
// matmul stays a matmul op; these ops take its result (hr) and the input projection of this step (xt).
// The backward recomputes the gates from xt and hr, so a step saves nothing beyond its inputs.
import type { Tensor } from '../tensor.ts';
import { ShapeError } from '../errors.ts';
import {
  RNN_CELL_GATES,
  RNN_CELL_STATE,
  rnnCellBackwardKernel,
  rnnCellKernel,
  type RnnCellKind,
} from '../../../kernels/rnn-cell/rnn-cell.ts';
import { requireF32 } from './checks.ts';
import type { OpDef, OpTable } from './types.ts';

/** Batch and unit count of a cell step, after checking xt, hr [B, G·U] and state [B, S·U]. */
function cellDims(kind: RnnCellKind, xt: Tensor, hr: Tensor, state: Tensor): [number, number] {
  const op = `${kind}Cell`;
  requireF32(op, xt, hr, state);
  const [g, s] = [RNN_CELL_GATES[kind], RNN_CELL_STATE[kind]];
  const stateName = kind === 'lstm' ? 'state [batch, 2·units] (h then c)' : 'h [batch, units]';
  if (state.rank !== 2 || state.shape[1] % s !== 0 || state.shape[1] === 0) {
    throw new ShapeError(op, `expects ${stateName}, got [${state.shape.join(', ')}]`);
  }
  const [b, u] = [state.shape[0], state.shape[1] / s];
  for (const [name, t] of [
    ['xt', xt],
    ['hr', hr],
  ] as const) {
    if (t.rank !== 2 || t.shape[0] !== b || t.shape[1] !== g * u) {
      throw new ShapeError(
        op,
        `expects ${name} of shape [${b}, ${g * u}] (${g} gates × ${u} units), got [${t.shape.join(', ')}]`,
      );
    }
  }
  return [b, u];
}

function cellDef(kind: RnnCellKind): OpDef<'lstmCell' | 'gruCell'> {
  return {
    forward: (e, [xt, hr, state]) => {
      const [b, u] = cellDims(kind, xt, hr, state);
      return e.launch(rnnCellKernel, [xt, hr, state], { kind, batch: b, units: u }, state.shape);
    },
    backward: (dy, [xt, hr, state]) => {
      const e = dy.engine;
      const [b, u] = cellDims(kind, xt, hr, state);
      const params = { kind, batch: b, units: u };
      const inputs = [xt, hr, state, dy] as const;
      if (kind === 'lstm') {
        const [dz, dState] = e.launchAll(rnnCellBackwardKernel, inputs, params, [
          [xt.shape, 'f32'],
          [state.shape, 'f32'],
        ]);
        return [dz, dz, dState];
      }
      return e.launchAll(
        rnnCellBackwardKernel,
        inputs,
        params,
        [xt, hr, state].map((t) => [t.shape, 'f32'] as const),
      );
    },
  };
}

export const rnnOps: OpTable<'lstmCell' | 'gruCell'> = {
  lstmCell: cellDef('lstm'),
  gruCell: cellDef('gru'),
};
