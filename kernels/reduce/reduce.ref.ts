// Plain TypeScript reference of the row-reduction kernel.
import type { ReduceOp } from './reduce.ts';

/** Reduces each row of a [rows, cols] input; argmax returns the first index of the maximum. */
export function reduceRef(op: ReduceOp, x: ArrayLike<number>, rows: number, cols: number, scale = 1): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let acc = op === 'sum' ? 0 : x[base];
    let best = 0;
    for (let c = op === 'sum' ? 0 : 1; c < cols; c++) {
      const v = x[base + c];
      if (op === 'sum') acc += v;
      else if (op === 'max') acc = Math.max(acc, v);
      else if (op === 'min') acc = Math.min(acc, v);
      else if (v > acc) {
        acc = v;
        best = c;
      }
    }
    out[r] = op === 'argmax' ? best : op === 'sum' ? acc * scale : acc;
  }
  return out;
}
