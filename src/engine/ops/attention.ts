// Op table, attention part: fused multi-head scaled-dot-product attention over [B, H, T, D] with causal
// and key-length masks. The forward saves only the per-row log-sum-exp; backward recomputes scores.
import { DTypeError, ShapeError } from '../errors.ts';
import {
  ATTENTION_MAX_HEAD_DIM,
  attentionBackwardKernel,
  attentionKernel,
  type AttentionDims,
} from '../../../kernels/attention/attention.ts';
import type { Tensor } from '../tensor.ts';
import { requireF32 } from './checks.ts';
import type { OpAttrs, OpTable } from './types.ts';

export function attentionDims(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  lens: Tensor | undefined,
  a: OpAttrs['attention'],
): AttentionDims {
  if (q.rank !== 4 || q.shape.join() !== k.shape.join() || q.shape.join() !== v.shape.join()) {
    throw new ShapeError(
      'attention',
      `q, k and v must share one [batch, heads, time, headSize] shape, got [${q.shape.join(', ')}], [${k.shape.join(', ')}], [${v.shape.join(', ')}]`,
    );
  }
  const [b, h, t, d] = q.shape;
  if (d > ATTENTION_MAX_HEAD_DIM)
    throw new ShapeError('attention', `head size ${d} exceeds the supported maximum of ${ATTENTION_MAX_HEAD_DIM}`);
  if (lens) {
    if (lens.dtype !== 'i32') throw new DTypeError('attention', `key lengths must be i32, got ${lens.dtype}`);
    if (lens.rank !== 1 || lens.shape[0] !== b)
      throw new ShapeError('attention', `key lengths must have shape [${b}], got [${lens.shape.join(', ')}]`);
  }
  return { b, h, t, d, causal: a.causal, hasLens: Boolean(lens), scale: a.scale };
}

export const attentionOps: OpTable<'attention'> = {
  attention: {
    forward: (e, [q, k, v, lens], a) => {
      requireF32('attention', q, k, v);
      const dims = attentionDims(q, k, v, lens, a);
      const [o, lse] = e.launchAll(attentionKernel, [q, k, v, lens ?? null], dims, [
        [q.shape, 'f32'],
        [q.shape.slice(0, 3), 'f32'],
      ]);
      return { output: o, saved: [lse] };
    },
    backward: (dy, [q, k, v, lens], o, a, [lse]) => {
      const e = q.engine;
      const grads = e.launchAll(
        attentionBackwardKernel,
        [q, k, v, o, dy, lse, lens ?? null],
        attentionDims(q, k, v, lens, a),
        [q, k, v].map((t) => [t.shape, 'f32'] as const),
      );
      return lens ? [...grads, null] : grads;
    },
  },
};
