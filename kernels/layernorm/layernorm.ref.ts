// Plain TypeScript reference of layer normalisation over rows, and its input gradient.

/** y, mean and rstd per row (two-pass statistics in float64). */
export function layerNormRef(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  rows: number,
  cols: number,
  eps: number,
) {
  const y = new Float64Array(rows * cols);
  const mean = new Float64Array(rows);
  const rstd = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += x[r * cols + c];
    const m = s / cols;
    let v = 0;
    for (let c = 0; c < cols; c++) v += (x[r * cols + c] - m) ** 2;
    const rs = 1 / Math.sqrt(v / cols + eps);
    mean[r] = m;
    rstd[r] = rs;
    for (let c = 0; c < cols; c++) y[r * cols + c] = (x[r * cols + c] - m) * rs * gamma[c] + beta[c];
  }
  return { y, mean, rstd };
}

/** dx given dy (statistics recomputed). */
export function layerNormBackwardRef(
  x: ArrayLike<number>,
  gamma: ArrayLike<number>,
  dy: ArrayLike<number>,
  rows: number,
  cols: number,
  eps: number,
): Float64Array {
  const { mean, rstd } = layerNormRef(x, gamma, new Float64Array(cols), rows, cols, eps);
  const dx = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let mg = 0;
    let mgx = 0;
    for (let c = 0; c < cols; c++) {
      const g = dy[r * cols + c] * gamma[c];
      mg += g / cols;
      mgx += (g * (x[r * cols + c] - mean[r]) * rstd[r]) / cols;
    }
    for (let c = 0; c < cols; c++) {
      const xhat = (x[r * cols + c] - mean[r]) * rstd[r];
      dx[r * cols + c] = rstd[r] * (dy[r * cols + c] * gamma[c] - mg - xhat * mgx);
    }
  }
  return dx;
}
