// Spec of the transposed 2-D convolution (NHWC input, [KH, KW, Cout/groups, Cin] filters): it runs as the
// input-gradient GEMM of the convolution it transposes (conv2d.wgsl MODE 1, bias fused), so it has no WGSL of
// its own. Its gradients are that convolution's forward (dx) and filter gradient (dw).
import { defineKernel } from '../common/kernel.ts';
import { conv2dProgram, type Conv2dGeometry } from './conv2d.ts';
import { convTranspose2dRef } from './conv-transpose2d.ref.ts';

/** A transposed convolution's shapes: input [n, h, w, cin], filter [kh, kw, cout/groups, cin], explicit pads. */
export interface ConvTranspose2dShape {
  n: number;
  h: number;
  w: number;
  cin: number;
  cout: number;
  kh: number;
  kw: number;
  strides: [number, number];
  dilations: [number, number];
  /** [top, bottom, left, right], cropped from the full output (ONNX `pads`). */
  pad: [number, number, number, number];
  /** Extra rows/columns at the bottom/right (ONNX `output_padding`). */
  outputPadding: [number, number];
  groups: number;
}

/** Output size along one axis: stride·(in − 1) + outputPadding + dil·(k − 1) + 1 − padBefore − padAfter. */
export function convTransposeOutSize(
  size: number,
  k: number,
  stride: number,
  dil: number,
  padBefore: number,
  padAfter: number,
  outputPadding: number,
): number {
  return stride * (size - 1) + outputPadding + dil * (k - 1) + 1 - padBefore - padAfter;
}

/**
 * The convolution whose input gradient this transposed convolution is: its input is our output
 * ([n, oh, ow, cout]), its output is our input ([n, h, w, cin]), and its HWIO filter [kh, kw, cout/g, cin] is ours.
 */
export function convTransposeAsConv(s: ConvTranspose2dShape): Conv2dGeometry {
  const [pt, pb, pl, pr] = s.pad;
  return {
    n: s.n,
    h: convTransposeOutSize(s.h, s.kh, s.strides[0], s.dilations[0], pt, pb, s.outputPadding[0]),
    w: convTransposeOutSize(s.w, s.kw, s.strides[1], s.dilations[1], pl, pr, s.outputPadding[1]),
    cin: s.cout,
    cout: s.cin,
    kh: s.kh,
    kw: s.kw,
    strideH: s.strides[0],
    strideW: s.strides[1],
    dilH: s.dilations[0],
    dilW: s.dilations[1],
    padTop: pt,
    padLeft: pl,
    oh: s.h,
    ow: s.w,
    groups: s.groups,
  };
}

/**
 * Inputs (x, w, bias|null) with `g` = convTransposeAsConv(shape); output y [n, g.h, g.w, g.cin] = the
 * transposed convolution of x plus bias (per output channel).
 */
export const convTranspose2dKernel = defineKernel<Conv2dGeometry, ['req', 'req', 'opt']>({
  name: 'convTranspose2d',
  launch: (gpu, [x, w, bias], g) => {
    const tiles = gpu.tiles({ op: 'conv', mode: 'inputGrad', geometry: g });
    return gpu.dispatch(conv2dProgram(g, 'inputGrad', { hasBias: bias !== null, activation: 'none' }, tiles), [
      x,
      w,
      bias,
    ]);
  },
  reference: ([x, w, bias], g) => [convTranspose2dRef(x, w, bias, g)],
});
