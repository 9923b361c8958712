// Op table, loss part: fused softmax cross-entropy with integer labels (per-row losses), and binary
// cross-entropy with logits in its overflow-free form.
import { DTypeError, ShapeError } from '../errors.ts';
import { requireF32 } from './checks.ts';
import type { OpTable } from './types.ts';
import { abs, add, mul, neg, relu, sigmoid, softplus, sub } from './api.ts';
import { crossEntropyBackwardKernel, crossEntropyKernel } from '../../../kernels/cross-entropy/cross-entropy.ts';

export const lossOps: OpTable<'softmaxCrossEntropy' | 'bceWithLogits'> = {
  softmaxCrossEntropy: {
    forward: (e, [logits, labels], o) => {
      requireF32('softmaxCrossEntropy', logits);
      if (labels.dtype !== 'i32')
        throw new DTypeError('softmaxCrossEntropy', `labels must be i32 class indices, got ${labels.dtype}`);
      const rowShape = logits.shape.slice(0, -1);
      if (logits.rank < 1 || labels.shape.join() !== rowShape.join()) {
        throw new ShapeError(
          'softmaxCrossEntropy',
          `labels of shape [${labels.shape.join(', ')}] do not match logits [${logits.shape.join(', ')}] (expected [${rowShape.join(', ')}])`,
        );
      }
      const cols = logits.shape[logits.rank - 1];
      const rows = logits.size / cols;
      const [loss, lse] = e.launchAll(crossEntropyKernel, [logits, labels], { rows, cols, options: o }, [
        [rowShape, 'f32'],
        [[rows], 'f32'],
      ]);
      return { output: loss, saved: [lse] };
    },
    backward: (dy, [logits, labels], _y, o, [lse]) => {
      const e = logits.engine;
      const cols = logits.shape[logits.rank - 1];
      const rows = logits.size / cols;
      return [
        e.launch(crossEntropyBackwardKernel, [logits, labels, lse, dy], { rows, cols, options: o }, logits.shape),
        null,
      ];
    },
  },
  bceWithLogits: {
    // max(x, 0) − x·y + log(1 + e^−|x|): never exponentiates a positive number.
    forward: (_e, [x, y]) => {
      requireF32('bceWithLogits', x, y);
      if (x.shape.join() !== y.shape.join())
        throw new ShapeError(
          'bceWithLogits',
          `logits [${x.shape.join(', ')}] and targets [${y.shape.join(', ')}] differ`,
        );
      return add(sub(relu(x), mul(x, y)), softplus(neg(abs(x))));
    },
    backward: (dy, [x, y]) => [mul(dy, sub(sigmoid(x), y)), mul(dy, neg(x))],
  },
};
