// Op table, matmul part: batched op(A)·op(B) with broadcast batch dims and a fused bias + activation epilogue.
// Gradients use the transposed-operand variants of the same kernel, so no transpose is ever materialised.
import type { Tensor } from '../tensor.ts';
import { MATMUL_MAX_BATCH_RANK, matmulKernel, type MatmulSpec } from '../../../kernels/matmul/matmul.ts';
import { ShapeError } from '../errors.ts';
import { broadcastShapes, broadcastStrides, collapseDims } from '../shape.ts';
import { requireF32 } from './checks.ts';
import type { OpAttrs, OpTable } from './types.ts';
import { matmul, sum, sumTo } from './api.ts';
import { epilogueGrad } from './epilogue.ts';

interface Plan {
  spec: MatmulSpec;
  outShape: number[];
}

function plan(a: Tensor, b: Tensor, bias: Tensor | undefined, { transA, transB, activation }: OpAttrs['matmul']): Plan {
  const show = () => `[${a.shape.join(', ')}]${transA ? 'ᵀ' : ''} · [${b.shape.join(', ')}]${transB ? 'ᵀ' : ''}`;
  if (a.rank < 2 || b.rank < 2) throw new ShapeError('matmul', `both operands need at least 2 dims, got ${show()}`);
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const m = transA ? ac : ar;
  const k = transA ? ar : ac;
  const kb = transB ? bc : br;
  const n = transB ? br : bc;
  if (k !== kb) throw new ShapeError('matmul', `inner dimensions differ (${k} vs ${kb}) in ${show()}`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== n))
    throw new ShapeError('matmul', `bias must have shape [${n}], got [${bias.shape.join(', ')}]`);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batchShape = broadcastShapes('matmul', aBatch, bBatch);
  const aStrides = broadcastStrides(aBatch, batchShape).map((s) => s * m * k);
  const bStrides = broadcastStrides(bBatch, batchShape).map((s) => s * k * n);
  const merged = batchShape.length
    ? collapseDims(batchShape, [aStrides, bStrides])
    : { shape: [] as number[], strides: [[], []] as number[][] };
  if (merged.shape.length > MATMUL_MAX_BATCH_RANK)
    throw new ShapeError(
      'matmul',
      `batch dims [${batchShape.join(', ')}] cannot be merged into ${MATMUL_MAX_BATCH_RANK} or fewer`,
    );
  const trivial = merged.shape.length === 1 && merged.shape[0] === 1;
  return {
    spec: {
      m,
      n,
      k,
      transA,
      transB,
      batchShape: trivial ? [] : merged.shape,
      aBatchStrides: trivial ? [] : merged.strides[0],
      bBatchStrides: trivial ? [] : merged.strides[1],
      hasBias: Boolean(bias),
      activation,
    },
    outShape: [...batchShape, m, n],
  };
}

export const matmulOps: OpTable<'matmul'> = {
  matmul: {
    forward: (e, [a, b, bias], attrs) => {
      requireF32('matmul', a, b, ...(bias ? [bias] : []));
      const { spec, outShape } = plan(a, b, bias, attrs);
      return e.launch(matmulKernel, [a, b, bias ?? null], spec, outShape);
    },
    backward: (dy, [a, b, bias], y, { transA, transB, activation }, _saved, needs) => {
      const dz = epilogueGrad(dy, y, activation, () => matmul(a, b, { transA, transB, bias }));
      const da = !needs[0]
        ? null
        : transA
          ? matmul(b, dz, { transA: transB, transB: true })
          : matmul(dz, b, { transB: !transB });
      const db = !needs[1]
        ? null
        : transB
          ? matmul(dz, a, { transA: true, transB: transA })
          : matmul(a, dz, { transA: !transA });
      const grads: (Tensor | null)[] = [da && sumTo(da, a.shape), db && sumTo(db, b.shape)];
      if (bias) grads.push(sum(dz, [...Array(dz.rank - 1).keys()]));
      return grads;
    },
  },
};
