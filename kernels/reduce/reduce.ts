// Spec of the row-reduction kernel (sum/mean, max, min, argmax over the last axis).
import src from './reduce.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, rowWorkgroupSize, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { reduceRef } from './reduce.ref.ts';

const source = wgsl('reduce', ieee, src);

export const REDUCE_OPS = ['sum', 'max', 'min', 'argmax'] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

/** Rows at most this long are folded by one invocation each (the `_short` entry points). */
export const SHORT_COLS = 64;
/** Invocations per workgroup on the short-row path. */
const SHORT_WG = 64;

/** Reduces each row of a contiguous [rows, cols] input to one value; `scale` multiplies sums (1/cols gives a mean). */
export function reduceProgram(op: ReduceOp, rows: number, cols: number, scale = 1): KernelProgram {
  if (cols < 1) throw new RangeError(`reduce.${op}: cannot reduce over an empty axis (cols = ${cols})`);
  const short = cols <= SHORT_COLS;
  const u = new Uint32Array(4);
  u[0] = rows;
  u[1] = cols;
  new Float32Array(u.buffer)[2] = scale;
  return {
    label: `reduce.${op}[${rows}x${cols}]`,
    source,
    entryPoint: (op === 'argmax' ? 'reduce_argmax' : 'reduce_rows') + (short ? '_short' : ''),
    constants: { OP: REDUCE_OPS.indexOf(op), WG: short ? SHORT_WG : rowWorkgroupSize(cols) },
    uniforms: u,
    inputCount: 1,
    outputBytes: rows * 4,
    dispatch: short ? spreadWorkgroups(Math.ceil(rows / SHORT_WG)) : spreadWorkgroups(rows),
  };
}

/** Parameters of a row reduction: `rows` rows of `cols` values, each result multiplied by `scale`. */
export interface ReduceParams {
  op: ReduceOp;
  rows: number;
  cols: number;
  scale: number;
}

/** One value per row (sum, max, min, or argmax as i32). */
export const reduceKernel = singlePass<ReduceParams, ['req']>(
  'reduce',
  (p) => reduceProgram(p.op, p.rows, p.cols, p.scale),
  ([x], p) => [reduceRef(p.op, x, p.rows, p.cols, p.scale)],
);
