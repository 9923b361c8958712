// Spec of the last-axis softmax / log-softmax kernels.
import body from './softmax.wgsl?raw';
import rows from '../common/rows.wgsl?raw';
import { rowWorkgroupSize, spreadWorkgroups, type KernelProgram } from '../common/program.ts';

const code = `${rows}\n${body}`;

/** y = softmax(x) (or log-softmax when `log`) over each row of a [rows, cols] input. */
export function softmaxProgram(rowsN: number, cols: number, log: boolean): KernelProgram {
  return {
    label: `${log ? 'logSoftmax' : 'softmax'}[${rowsN}x${cols}]`,
    code,
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
