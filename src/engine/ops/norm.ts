// Op table, normalisation part: softmax and log-softmax along the last axis (one pass each way),
// layer norm (one-pass kernel; gamma/beta gradients as column sums), and Philox dropout.
import type { Tensor } from '../tensor.ts';
import { ShapeError } from '../errors.ts';
import { requireF32 } from './checks.ts';
import type { OpTable } from './types.ts';
import { mul, reshape, sub, sum } from './api.ts';
import { softmaxBackwardKernel, softmaxKernel } from '../../../kernels/softmax/softmax.ts';
import { layerNormBackwardKernel, layerNormKernel } from '../../../kernels/layernorm/layernorm.ts';
import { dropoutKernel } from '../../../kernels/dropout/dropout.ts';

/** [rows, cols] view of a tensor reduced along its last axis. */
function rowsOf(op: string, x: Tensor): [number, number] {
  if (x.rank < 1 || x.shape[x.rank - 1] < 1)
    throw new ShapeError(op, `needs a non-empty last axis, got [${x.shape.join(', ')}]`);
  const cols = x.shape[x.rank - 1];
  return [x.size / cols, cols];
}

function softmaxDef(log: boolean) {
  const name = log ? 'logSoftmax' : 'softmax';
  return {
    forward: (e: Tensor['engine'], [x]: readonly Tensor[]) => {
      requireF32(name, x);
      const [rows, cols] = rowsOf(name, x);
      return e.launch(softmaxKernel, [x], { rows, cols, log }, x.shape);
    },
    backward: (dy: Tensor, [x]: readonly Tensor[], y: Tensor) => {
      const [rows, cols] = rowsOf(name, x);
      return [x.engine.launch(softmaxBackwardKernel, [y, dy], { rows, cols, log }, x.shape)];
    },
  };
}

export const normOps: OpTable<'softmax' | 'logSoftmax' | 'layerNorm' | 'dropout'> = {
  softmax: softmaxDef(false),
  logSoftmax: softmaxDef(true),
  layerNorm: {
    forward: (e, [x, gamma, beta], { eps }) => {
      requireF32('layerNorm', x, gamma, beta);
      const [r, c] = rowsOf('layerNorm', x);
      if (gamma.rank !== 1 || gamma.shape[0] !== c || beta.rank !== 1 || beta.shape[0] !== c) {
        throw new ShapeError(
          'layerNorm',
          `gamma and beta must have shape [${c}], got [${gamma.shape.join(', ')}] and [${beta.shape.join(', ')}]`,
        );
      }
      const [y, mean, rstd] = e.launchAll(layerNormKernel, [x, gamma, beta], { rows: r, cols: c, eps }, [
        [x.shape, 'f32'],
        [[r, 1], 'f32'],
        [[r, 1], 'f32'],
      ]);
      return { output: y, saved: [mean, rstd] };
    },
    backward: (dy, [x, gamma], _y, { eps }, [mean, rstd]) => {
      const e = x.engine;
      const [r, c] = rowsOf('layerNorm', x);
      const dx = e.launch(layerNormBackwardKernel, [x, gamma, dy, mean, rstd], { rows: r, cols: c, eps }, x.shape);
      const x2 = reshape(x, [r, c]);
      const dy2 = reshape(dy, [r, c]);
      const xhat = mul(sub(x2, mean), rstd);
      return [dx, sum(mul(dy2, xhat), 0), sum(dy2, 0)];
    },
  },
  dropout: {
    forward: (e, [x], { p, seed }) => (
      requireF32('dropout', x),
      e.launch(dropoutKernel, [x], { size: x.size, p, seed }, x.shape)
    ),
    // The mask depends only on (seed, index): applying dropout to dy with the same seed is the exact gradient.
    backward: (dy, [x], _y, { p, seed }) => [x.engine.launch(dropoutKernel, [dy], { size: dy.size, p, seed }, x.shape)],
  },
};
