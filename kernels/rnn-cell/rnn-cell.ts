// Spec of the fused recurrent-cell kernels (LSTM and GRU gates, forward and backward), one invocation
// per (batch row, unit).
import src from './rnn-cell.wgsl?raw';
import { wgsl, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { gruCellBackwardRef, gruCellRef, lstmCellBackwardRef, lstmCellRef } from './rnn-cell.ref.ts';

const source = wgsl('rnn-cell', src);

const WG = 64;

export type RnnCellKind = 'lstm' | 'gru';

/** Gate blocks per cell: LSTM [i, f, g, o], GRU [z, r, n]. */
export const RNN_CELL_GATES: Record<RnnCellKind, number> = { lstm: 4, gru: 3 };

/** Width of the carried state: LSTM [h | c], GRU h. */
export const RNN_CELL_STATE: Record<RnnCellKind, number> = { lstm: 2, gru: 1 };

function base(kind: RnnCellKind, dir: 'forward' | 'backward', batch: number, units: number) {
  if (!(Number.isInteger(batch) && batch >= 1 && Number.isInteger(units) && units >= 1)) {
    throw new RangeError(`${kind} cell needs a positive batch and unit count, got batch ${batch}, units ${units}`);
  }
  return {
    label: `${kind}Cell${dir === 'backward' ? '.backward' : ''}[${batch}x${units}]`,
    source,
    entryPoint: `${kind}_cell_${dir}`,
    constants: { WG },
    uniforms: new Uint32Array([batch, units, 0, 0]),
    dispatch: spreadWorkgroups(Math.ceil((batch * units) / WG)),
  };
}

/** Inputs (xt [B, G·U], hr [B, G·U], state [B, S·U]); output the next state [B, S·U]. */
export function rnnCellProgram(kind: RnnCellKind, batch: number, units: number): KernelProgram {
  return {
    ...base(kind, 'forward', batch, units),
    inputCount: 3,
    outputBytes: batch * RNN_CELL_STATE[kind] * units * 4,
  };
}

/**
 * Inputs (xt, hr, state, dNext [B, S·U]). LSTM outputs dz [B, 4U] (the gradient of xt and of hr) and
 * dState [B, 2U]; GRU outputs dxt [B, 3U], dhr [B, 3U] and dh [B, U].
 */
export function rnnCellBackwardProgram(kind: RnnCellKind, batch: number, units: number): KernelProgram {
  const g = batch * RNN_CELL_GATES[kind] * units * 4;
  const s = batch * RNN_CELL_STATE[kind] * units * 4;
  return {
    ...base(kind, 'backward', batch, units),
    inputCount: 4,
    outputBytes: g,
    extraOutputBytes: kind === 'lstm' ? [s] : [g, s],
  };
}

/** Parameters of one recurrent step: the cell and the batch and unit counts. */
export interface RnnCellParams {
  kind: RnnCellKind;
  batch: number;
  units: number;
}

/** Inputs (xt, hr, state); output the next state. */
export const rnnCellKernel = singlePass<RnnCellParams, ['req', 'req', 'req']>(
  'rnnCell',
  (p) => rnnCellProgram(p.kind, p.batch, p.units),
  ([xt, hr, state], p) => [(p.kind === 'lstm' ? lstmCellRef : gruCellRef)(xt, hr, state, p.batch, p.units)],
);

/** Inputs (xt, hr, state, dNext); outputs LSTM [dz, dState], GRU [dxt, dhr, dh]. */
export const rnnCellBackwardKernel = singlePass<RnnCellParams, ['req', 'req', 'req', 'req']>(
  'rnnCell.backward',
  (p) => rnnCellBackwardProgram(p.kind, p.batch, p.units),
  ([xt, hr, state, dNext], p) => {
    if (p.kind === 'lstm') {
      const r = lstmCellBackwardRef(xt, hr, state, dNext, p.batch, p.units);
      return [r.dz, r.dState];
    }
    const r = gruCellBackwardRef(xt, hr, state, dNext, p.batch, p.units);
    return [r.dxt, r.dhr, r.dh];
  },
);
