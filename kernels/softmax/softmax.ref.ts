// Plain TypeScript reference of softmax / log-softmax over rows and their gradients.

/** Row-wise softmax (or log-softmax), max-shifted. */
export function softmaxRef(x: ArrayLike<number>, rows: number, cols: number, log: boolean): Float64Array {
  const y = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, x[r * cols + c]);
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(x[r * cols + c] - m);
    for (let c = 0; c < cols; c++) {
      const z = x[r * cols + c] - m;
      y[r * cols + c] = log ? z - Math.log(s) : Math.exp(z) / s;
    }
  }
  return y;
}

/** dx from y (the forward output) and dy. */
export function softmaxBackwardRef(
  y: ArrayLike<number>,
  dy: ArrayLike<number>,
  rows: number,
  cols: number,
  log: boolean,
): Float64Array {
  const dx = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += log ? dy[r * cols + c] : dy[r * cols + c] * y[r * cols + c];
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      dx[i] = log ? dy[i] - Math.exp(y[i]) * s : y[i] * (dy[i] - s);
    }
  }
  return dx;
}
