// Spec of the last-axis softmax / log-softmax kernels.
import body from './softmax.wgsl?raw';
import rows from '../common/rows.wgsl?raw';
import ieee from '../common/ieee.wgsl?raw';
import { wgsl, rowWorkgroupSize, spreadWorkgroups, type KernelProgram } from '../common/program.ts';
import { singlePass } from '../common/kernel.ts';
import { softmaxBackwardRef, softmaxRef } from './softmax.ref.ts';

const source = wgsl('softmax', ieee, rows, body);

/** y = softmax(x) (or log-softmax when `log`) over each row of a [rows, cols] input. */
export function softmaxProgram(rowsN: number, cols: number, log: boolean): KernelProgram {
  return {
    label: `${log ? 'logSoftmax' : 'softmax'}[${rowsN}x${cols}]`,
    source,
    entryPoint: 'softmax_forward',
    constants: { WG: rowWorkgroupSize(cols), LOG: Number(log) },
    uniforms: new Uint32Array([rowsN, cols, 0, 0]),
    inputCount: 1,
    outputBytes: rowsN * cols * 4,
    dispatch: spreadWorkgroups(rowsN),
  };
}

/** dx from the forward output y and dy; inputs (y, dy). */
export function softmaxBackwardProgram(rowsN: number, cols: number, log: boolean): KernelProgram {
  return {
    ...softmaxProgram(rowsN, cols, log),
    label: `${log ? 'logSoftmax' : 'softmax'}.backward[${rowsN}x${cols}]`,
    entryPoint: 'softmax_backward',
    inputCount: 2,
  };
}

/** Parameters of the row softmax: rows × cols, and whether it is the log-softmax. */
export interface SoftmaxParams {
  rows: number;
  cols: number;
  log: boolean;
}

/** Softmax (or log-softmax) of each row. */
export const softmaxKernel = singlePass<SoftmaxParams, ['req']>(
  'softmax',
  (p) => softmaxProgram(p.rows, p.cols, p.log),
  ([x], p) => [softmaxRef(x, p.rows, p.cols, p.log)],
);

/** Its gradient from the output y and dy; inputs (y, dy). */
export const softmaxBackwardKernel = singlePass<SoftmaxParams, ['req', 'req']>(
  'softmax.backward',
  (p) => softmaxBackwardProgram(p.rows, p.cols, p.log),
  ([y, dy], p) => [softmaxBackwardRef(y, dy, p.rows, p.cols, p.log)],
);
