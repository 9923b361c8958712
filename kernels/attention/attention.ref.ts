// Composed reference of attention: scores = scale·Q·Kᵀ, masked, softmax, times V — with the
// T×T matrix materialised, which is exactly what the kernel avoids. Also its gradients.
import type { AttentionDims } from './attention.ts';

function allowed(a: AttentionDims, lens: ArrayLike<number> | null, b: number, i: number, j: number): boolean {
  if (a.causal && j > i) return false;
  if (lens && j >= lens[b]) return false;
  return true;
}

/** Attention probabilities P [B,H,T,T] (rows with no visible key are all 0). */
export function attentionProbsRef(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  a: AttentionDims,
  lens: ArrayLike<number> | null,
): Float64Array {
  const { b: B, h: H, t: T, d: D } = a;
  const scale = a.scale ?? 1 / Math.sqrt(D);
  const P = new Float64Array(B * H * T * T);
  for (let b = 0; b < B; b++)
    for (let h = 0; h < H; h++) {
      const base = (b * H + h) * T * D;
      for (let i = 0; i < T; i++) {
        const row = ((b * H + h) * T + i) * T;
        let m = -Infinity;
        const s = new Float64Array(T);
        for (let j = 0; j < T; j++) {
          if (!allowed(a, lens, b, i, j)) continue;
          let acc = 0;
          for (let d = 0; d < D; d++) acc += q[base + i * D + d] * k[base + j * D + d];
          s[j] = acc * scale;
          m = Math.max(m, s[j]);
        }
        if (m === -Infinity) continue;
        let sum = 0;
        for (let j = 0; j < T; j++) if (allowed(a, lens, b, i, j)) sum += Math.exp(s[j] - m);
        for (let j = 0; j < T; j++) if (allowed(a, lens, b, i, j)) P[row + j] = Math.exp(s[j] - m) / sum;
      }
    }
  return P;
}

/** O = P·V. */
export function attentionRef(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  a: AttentionDims,
  lens: ArrayLike<number> | null,
): Float64Array {
  const { b: B, h: H, t: T, d: D } = a;
  const P = attentionProbsRef(q, k, a, lens);
  const o = new Float64Array(B * H * T * D);
  for (let bh = 0; bh < B * H; bh++)
    for (let i = 0; i < T; i++)
      for (let j = 0; j < T; j++) {
        const pij = P[(bh * T + i) * T + j];
        if (pij === 0) continue;
        for (let d = 0; d < D; d++) o[(bh * T + i) * D + d] += pij * v[(bh * T + j) * D + d];
      }
  return o;
}

/** dq, dk, dv from dO through the materialised probabilities. */
export function attentionBackwardRef(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  dO: ArrayLike<number>,
  a: AttentionDims,
  lens: ArrayLike<number> | null,
) {
  const { b: B, h: H, t: T, d: D } = a;
  const scale = a.scale ?? 1 / Math.sqrt(D);
  const P = attentionProbsRef(q, k, a, lens);
  const n = B * H * T * D;
  const dq = new Float64Array(n),
    dk = new Float64Array(n),
    dv = new Float64Array(n);
  for (let bh = 0; bh < B * H; bh++)
    for (let i = 0; i < T; i++) {
      const dp = new Float64Array(T);
      let rowDot = 0;
      for (let j = 0; j < T; j++) {
        const pij = P[(bh * T + i) * T + j];
        for (let d = 0; d < D; d++) {
          dp[j] += dO[(bh * T + i) * D + d] * v[(bh * T + j) * D + d];
          dv[(bh * T + j) * D + d] += pij * dO[(bh * T + i) * D + d];
        }
        rowDot += pij * dp[j];
      }
      for (let j = 0; j < T; j++) {
        const ds = P[(bh * T + i) * T + j] * (dp[j] - rowDot) * scale;
        if (ds === 0) continue;
        for (let d = 0; d < D; d++) {
          dq[(bh * T + i) * D + d] += ds * k[(bh * T + j) * D + d];
          dk[(bh * T + j) * D + d] += ds * q[(bh * T + i) * D + d];
        }
      }
    }
  return { dq, dk, dv };
}
