// Plain TypeScript reference of the fused recurrent cells (float64), forward and backward; the same
// equations as rnn-cell.wgsl, written out per gate.

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** LSTM step: next state [B, 2U] = [h' | c'] from xt, hr [B, 4U] and state [B, 2U]. */
export function lstmCellRef(
  xt: ArrayLike<number>,
  hr: ArrayLike<number>,
  state: ArrayLike<number>,
  batch: number,
  u: number,
): Float64Array {
  const out = new Float64Array(batch * 2 * u);
  for (let b = 0; b < batch; b++)
    for (let j = 0; j < u; j++) {
      const z = (k: number) => xt[b * 4 * u + k * u + j] + hr[b * 4 * u + k * u + j];
      const c = sigmoid(z(1)) * state[b * 2 * u + u + j] + sigmoid(z(0)) * Math.tanh(z(2));
      out[b * 2 * u + j] = sigmoid(z(3)) * Math.tanh(c);
      out[b * 2 * u + u + j] = c;
    }
  return out;
}

/** LSTM backward: dz [B, 4U] (for xt and hr alike) and dState [B, 2U] from dNext [B, 2U]. */
export function lstmCellBackwardRef(
  xt: ArrayLike<number>,
  hr: ArrayLike<number>,
  state: ArrayLike<number>,
  dNext: ArrayLike<number>,
  batch: number,
  u: number,
) {
  const dz = new Float64Array(batch * 4 * u);
  const dState = new Float64Array(batch * 2 * u);
  for (let b = 0; b < batch; b++)
    for (let j = 0; j < u; j++) {
      const zi = (k: number) => b * 4 * u + k * u + j;
      const [i, f, o] = [0, 1, 3].map((k) => sigmoid(xt[zi(k)] + hr[zi(k)]));
      const g = Math.tanh(xt[zi(2)] + hr[zi(2)]);
      const cPrev = state[b * 2 * u + u + j];
      const tc = Math.tanh(f * cPrev + i * g);
      const dh = dNext[b * 2 * u + j];
      const dc = dNext[b * 2 * u + u + j] + dh * o * (1 - tc * tc);
      dz[zi(0)] = dc * g * i * (1 - i);
      dz[zi(1)] = dc * cPrev * f * (1 - f);
      dz[zi(2)] = dc * i * (1 - g * g);
      dz[zi(3)] = dh * tc * o * (1 - o);
      dState[b * 2 * u + u + j] = dc * f;
    }
  return { dz, dState };
}

/** GRU step: h' [B, U] from xt, hr [B, 3U] and h [B, U]. */
export function gruCellRef(
  xt: ArrayLike<number>,
  hr: ArrayLike<number>,
  h: ArrayLike<number>,
  batch: number,
  u: number,
): Float64Array {
  const out = new Float64Array(batch * u);
  for (let b = 0; b < batch; b++)
    for (let j = 0; j < u; j++) {
      const zi = (k: number) => b * 3 * u + k * u + j;
      const z = sigmoid(xt[zi(0)] + hr[zi(0)]);
      const r = sigmoid(xt[zi(1)] + hr[zi(1)]);
      const n = Math.tanh(xt[zi(2)] + r * hr[zi(2)]);
      out[b * u + j] = (1 - z) * n + z * h[b * u + j];
    }
  return out;
}

/** GRU backward: dxt, dhr [B, 3U] and dh [B, U] from dNext [B, U]. */
export function gruCellBackwardRef(
  xt: ArrayLike<number>,
  hr: ArrayLike<number>,
  h: ArrayLike<number>,
  dNext: ArrayLike<number>,
  batch: number,
  u: number,
) {
  const dxt = new Float64Array(batch * 3 * u);
  const dhr = new Float64Array(batch * 3 * u);
  const dh = new Float64Array(batch * u);
  for (let b = 0; b < batch; b++)
    for (let j = 0; j < u; j++) {
      const zi = (k: number) => b * 3 * u + k * u + j;
      const z = sigmoid(xt[zi(0)] + hr[zi(0)]);
      const r = sigmoid(xt[zi(1)] + hr[zi(1)]);
      const hn = hr[zi(2)];
      const n = Math.tanh(xt[zi(2)] + r * hn);
      const g = dNext[b * u + j];
      const dnPre = g * (1 - z) * (1 - n * n);
      const dzPre = g * (h[b * u + j] - n) * z * (1 - z);
      const drPre = dnPre * hn * r * (1 - r);
      dxt[zi(0)] = dhr[zi(0)] = dzPre;
      dxt[zi(1)] = dhr[zi(1)] = drPre;
      dxt[zi(2)] = dnPre;
      dhr[zi(2)] = dnPre * r;
      dh[b * u + j] = g * z;
    }
  return { dxt, dhr, dh };
}
