// Plain TypeScript reference of softmax cross-entropy with smoothing and an ignore index.
import type { CrossEntropyOptions } from './cross-entropy.ts';

function lseOf(x: ArrayLike<number>, base: number, cols: number): number {
  let m = -Infinity;
  for (let c = 0; c < cols; c++) m = Math.max(m, x[base + c]);
  let s = 0;
  for (let c = 0; c < cols; c++) s += Math.exp(x[base + c] - m);
  return m + Math.log(s);
}

/** Loss per row (0 for ignored rows, NaN for labels out of range). */
export function crossEntropyRef(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  rows: number,
  cols: number,
  o: CrossEntropyOptions,
): Float64Array {
  const loss = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = labels[r];
    if (label === o.ignoreIndex) continue;
    if (label < 0 || label >= cols) {
      loss[r] = NaN;
      continue;
    }
    const lse = lseOf(logits, r * cols, cols);
    let sx = 0;
    for (let c = 0; c < cols; c++) sx += logits[r * cols + c];
    loss[r] = lse - (1 - o.smoothing) * logits[r * cols + label] - (o.smoothing / cols) * sx;
  }
  return loss;
}

/** dlogits = dloss · (softmax − q). */
export function crossEntropyBackwardRef(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  dloss: ArrayLike<number>,
  rows: number,
  cols: number,
  o: CrossEntropyOptions,
): Float64Array {
  const d = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const label = labels[r];
    if (label === o.ignoreIndex || label < 0 || label >= cols) continue;
    const lse = lseOf(logits, r * cols, cols);
    for (let c = 0; c < cols; c++) {
      const q = o.smoothing / cols + (c === label ? 1 - o.smoothing : 0);
      d[r * cols + c] = dloss[r] * (Math.exp(logits[r * cols + c] - lse) - q);
    }
  }
  return d;
}
