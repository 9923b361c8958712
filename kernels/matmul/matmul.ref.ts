// Plain TypeScript reference of the batched matmul kernel, in float64.
import { erf } from '../unary/unary.ref.ts';
import { sizeOf } from '../common/shape.mjs';
import type { MatmulActivation, MatmulSpec } from './matmul.ts';

/** The fused epilogue activation. */
export function activationRef(act: MatmulActivation, v: number): number {
  switch (act) {
    case 'none':
      return v;
    case 'relu':
      return Math.max(v, 0);
    case 'geluTanh':
      return 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
    case 'geluErf':
      return 0.5 * v * (1 + erf(v / Math.SQRT2));
    default:
      return act satisfies never;
  }
}

/** C[batch] = act(op(A) · op(B) + bias), laid out [batch..., M, N]. */
export function matmulRef(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  bias: ArrayLike<number> | null,
  s: MatmulSpec,
): Float64Array {
  const batch = sizeOf(s.batchShape);
  const { m, n, k } = s;
  const c = new Float64Array(batch * m * n);
  for (let z = 0; z < batch; z++) {
    let rem = z;
    let aBase = 0;
    let bBase = 0;
    for (let d = s.batchShape.length - 1; d >= 0; d--) {
      const coord = rem % s.batchShape[d];
      rem = Math.floor(rem / s.batchShape[d]);
      aBase += coord * s.aBatchStrides[d];
      bBase += coord * s.bBatchStrides[d];
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let q = 0; q < k; q++) {
          const av = s.transA ? a[aBase + q * m + i] : a[aBase + i * k + q];
          const bv = s.transB ? b[bBase + j * k + q] : b[bBase + q * n + j];
          acc += av * bv;
        }
        if (s.hasBias && bias) acc += bias[j];
        c[z * m * n + i * n + j] = activationRef(s.activation, acc);
      }
  }
  return c;
}
