// Fused LSTM/GRU cell kernels against the float64 reference, forward and backward, on awkward shapes
// and on saturating pre-activations (|z| up to 60), where a naive sigmoid or tanh would overflow.
import { afterAll, describe, test } from 'vitest';
import {
  rnnCellBackwardProgram,
  rnnCellProgram,
  RNN_CELL_GATES,
  RNN_CELL_STATE,
  type RnnCellKind,
} from './rnn-cell.ts';
import { gruCellBackwardRef, gruCellRef, lstmCellBackwardRef, lstmCellRef } from './rnn-cell.ref.ts';
import {
  expectClose,
  printObservedErrors,
  recordError,
  runProgram,
  runProgramAll,
  seededFloats,
} from '../common/test-harness.ts';

const shapes: [number, number][] = [
  [1, 1],
  [3, 17],
  [5, 33],
  [2, 130],
  [129, 3],
];

async function check(kind: RnnCellKind, batch: number, units: number, scale: number) {
  const g = batch * RNN_CELL_GATES[kind] * units;
  const s = batch * RNN_CELL_STATE[kind] * units;
  const xt = seededFloats(g, 1, -scale, scale);
  const hr = seededFloats(g, 2, -scale, scale);
  const state = seededFloats(s, 3, -2, 2);
  const dNext = seededFloats(s, 4);
  const y = new Float32Array(await runProgram(rnnCellProgram(kind, batch, units), [xt, hr, state]));
  const grads = (await runProgramAll(rnnCellBackwardProgram(kind, batch, units), [xt, hr, state, dNext])).map(
    (b) => new Float32Array(b),
  );
  if (kind === 'lstm') {
    const ref = lstmCellRef(xt, hr, state, batch, units);
    const bwd = lstmCellBackwardRef(xt, hr, state, dNext, batch, units);
    expectClose(y, ref, 1e-5, 1e-5, 'lstm next state');
    expectClose(grads[0], bwd.dz, 1e-5, 1e-4, 'lstm dz');
    expectClose(grads[1], bwd.dState, 1e-5, 1e-4, 'lstm dState');
    recordError('lstm forward', y, ref);
    recordError('lstm backward', grads[0], bwd.dz);
  } else {
    const ref = gruCellRef(xt, hr, state, batch, units);
    const bwd = gruCellBackwardRef(xt, hr, state, dNext, batch, units);
    expectClose(y, ref, 1e-5, 1e-5, 'gru h');
    expectClose(grads[0], bwd.dxt, 1e-5, 1e-4, 'gru dxt');
    expectClose(grads[1], bwd.dhr, 1e-5, 1e-4, 'gru dhr');
    expectClose(grads[2], bwd.dh, 1e-5, 1e-4, 'gru dh');
    recordError('gru forward', y, ref);
    recordError('gru backward', grads[0], bwd.dxt);
  }
}

describe('rnn-cell kernels', () => {
  afterAll(() => printObservedErrors('rnn-cell'));
  for (const kind of ['lstm', 'gru'] as const) {
    test.each(shapes)(`${kind} batch=%i units=%i`, (b, u) => check(kind, b, u, 2));
    test(`${kind} saturating pre-activations stay finite`, () => check(kind, 4, 9, 60));
  }
  test('refuses an empty cell', ({ expect }) => {
    expect(() => rnnCellProgram('lstm', 0, 4)).toThrow(/positive batch/);
  });
});
