// Op table, spatial part: conv2d (NHWC, HWIO filters, implicit GEMM with fused bias + activation), its
// transpose, 2-D max/average pooling and 2-D resize. Gradients use the kernels' input-grad and filter-grad modes.
import type { Tensor } from '../tensor.ts';
import {
  conv2dFilterGradKernel,
  conv2dInputGradKernel,
  conv2dKernel,
  convOutSize,
  type Conv2dGeometry,
} from '../../../kernels/conv2d/conv2d.ts';
import { convTranspose2dKernel, convTransposeAsConv } from '../../../kernels/conv2d/conv-transpose2d.ts';
import { pool2dBackwardKernel, pool2dKernel, type Pool2dGeometry } from '../../../kernels/pool2d/pool2d.ts';
import { resize2dBackwardKernel, resize2dKernel, type Resize2dParams } from '../../../kernels/resize2d/resize2d.ts';
import { resizeAxes } from '../../../kernels/resize2d/coordinates.ts';
import { ShapeError } from '../errors.ts';
import { requireF32 } from './checks.ts';
import type { ConvAttrs, ConvTransposeAttrs, OpAttrs, OpTable, PoolAttrs } from './types.ts';
import { conv2d, sum } from './api.ts';
import { epilogueGrad } from './epilogue.ts';

/** Geometry of a convolution, with every shape rule checked and named. */
export function convGeometry(x: Tensor, w: Tensor, a: ConvAttrs): Conv2dGeometry {
  const show = `input [${x.shape.join(', ')}] and filter [${w.shape.join(', ')}]`;
  if (x.rank !== 4 || w.rank !== 4)
    throw new ShapeError('conv2d', `expects a 4-D NHWC input and a 4-D [KH, KW, Cin/groups, Cout] filter, got ${show}`);
  const [n, h, wd, cin] = x.shape;
  const [kh, kw, cinG, cout] = w.shape;
  const g = a.groups;
  if (!Number.isInteger(g) || g < 1 || cin % g !== 0 || cout % g !== 0)
    throw new ShapeError(
      'conv2d',
      `groups=${g} must divide both input channels (${cin}) and output channels (${cout})`,
    );
  if (cinG !== cin / g)
    throw new ShapeError(
      'conv2d',
      `filter expects ${cinG} input channels per group but the input has ${cin}/${g} = ${cin / g} (${show})`,
    );
  const [sh, sw] = a.strides;
  const [dh, dw] = a.dilations;
  const [pt, pb, pl, pr] = a.pad;
  const oh = convOutSize(h, kh, sh, dh, pt, pb);
  const ow = convOutSize(wd, kw, sw, dw, pl, pr);
  if (oh < 1 || ow < 1)
    throw new ShapeError(
      'conv2d',
      `a ${kh}x${kw} filter (dilation ${dh},${dw}) does not fit ${h}x${wd} with this padding (${show})`,
    );
  return {
    n,
    h,
    w: wd,
    cin,
    cout,
    kh,
    kw,
    strideH: sh,
    strideW: sw,
    dilH: dh,
    dilW: dw,
    padTop: pt,
    padLeft: pl,
    oh,
    ow,
    groups: g,
  };
}

/**
 * The geometry of the convolution a transposed convolution transposes (see convTransposeAsConv), with the
 * shapes checked: x [N, H, W, Cin], w [KH, KW, Cout/groups, Cin].
 */
export function convTransposeGeometry(x: Tensor, w: Tensor, a: ConvTransposeAttrs): Conv2dGeometry {
  const op = 'convTranspose2d';
  const show = `input [${x.shape.join(', ')}] and filter [${w.shape.join(', ')}]`;
  if (x.rank !== 4 || w.rank !== 4)
    throw new ShapeError(op, `expects a 4-D NHWC input and a 4-D [KH, KW, Cout/groups, Cin] filter, got ${show}`);
  const [n, h, wd, cin] = x.shape;
  const [kh, kw, coutG, wCin] = w.shape;
  const groups = a.groups;
  if (wCin !== cin)
    throw new ShapeError(op, `the filter's last dimension (${wCin}) must equal the input channels (${cin}) (${show})`);
  if (!Number.isInteger(groups) || groups < 1 || cin % groups !== 0)
    throw new ShapeError(op, `groups=${groups} must be a positive integer dividing the input channels (${cin})`);
  const g = convTransposeAsConv({
    n,
    h,
    w: wd,
    cin,
    cout: coutG * groups,
    kh,
    kw,
    strides: a.strides,
    dilations: a.dilations,
    pad: a.pad,
    outputPadding: a.outputPadding,
    groups,
  });
  if (g.h < 1 || g.w < 1)
    throw new ShapeError(op, `the padding [${a.pad.join(', ')}] crops the whole ${g.h}x${g.w} output (${show})`);
  return g;
}

/** Output length of a pooling axis; ceil mode drops a last window that would start past the padded input. */
function poolOutSize(
  size: number,
  k: number,
  stride: number,
  dil: number,
  before: number,
  after: number,
  ceil: boolean,
) {
  const span = size + before + after - (k - 1) * dil - 1;
  if (!ceil) return Math.floor(span / stride) + 1;
  const out = Math.ceil(span / stride) + 1;
  return (out - 1) * stride >= size + before ? out - 1 : out;
}

/** Geometry of a pooling window over an NHWC input. */
export function poolGeometry(op: string, x: Tensor, a: PoolAttrs): Pool2dGeometry {
  if (x.rank !== 4) throw new ShapeError(op, `expects a 4-D NHWC input, got [${x.shape.join(', ')}]`);
  const [n, h, w, c] = x.shape;
  const [kh, kw] = a.kernel;
  const [dh, dw] = a.dilations;
  const [pt, pb, pl, pr] = a.pad;
  const oh = poolOutSize(h, kh, a.strides[0], dh, pt, pb, a.ceilMode);
  const ow = poolOutSize(w, kw, a.strides[1], dw, pl, pr, a.ceilMode);
  if (oh < 1 || ow < 1)
    throw new ShapeError(
      op,
      `a ${kh}x${kw} window${dh > 1 || dw > 1 ? ` (dilation ${dh},${dw})` : ''} does not fit an input of ${h}x${w}`,
    );
  if (pt >= kh || pl >= kw || pb >= kh || pr >= kw)
    throw new ShapeError(op, `padding must be smaller than the window (${kh}x${kw})`);
  return {
    ...{ n, h, w, c, kh, kw, strideH: a.strides[0], strideW: a.strides[1], padTop: pt, padLeft: pl, oh, ow },
    ...{ dilH: dh, dilW: dw, padBottom: pb, padRight: pr, countIncludePad: a.countIncludePad },
  };
}

/** Parameters of a resize, with the input, the target size and the coordinate maths checked. */
function resizeParams(x: Tensor, a: OpAttrs['resize2d']): Resize2dParams {
  const [oh, ow] = a.size;
  if (x.rank !== 4) throw new ShapeError('resize2d', `expects a 4-D NHWC input, got [${x.shape.join(', ')}]`);
  if (![oh, ow].every((d) => Number.isInteger(d) && d >= 1))
    throw new ShapeError('resize2d', `the target size must be two positive integers, got [${oh}, ${ow}]`);
  const [n, h, w, c] = x.shape;
  const p: Resize2dParams = {
    n,
    h,
    w,
    c,
    oh,
    ow,
    mode: a.mode,
    coordinateTransform: a.coordinateTransform,
    nearestMode: a.nearestMode,
    scales: a.scales ?? undefined,
  };
  try {
    resizeAxes(p);
  } catch (err) {
    throw new ShapeError('resize2d', err instanceof Error ? err.message : String(err));
  }
  return p;
}

export const convOps: OpTable<'conv2d' | 'convTranspose2d' | 'maxPool2d' | 'avgPool2d' | 'resize2d'> = {
  conv2d: {
    forward: (e, [x, w, bias], a) => {
      requireF32('conv2d', x, w, ...(bias ? [bias] : []));
      const g = convGeometry(x, w, a);
      if (bias && (bias.rank !== 1 || bias.shape[0] !== g.cout))
        throw new ShapeError('conv2d', `bias must have shape [${g.cout}], got [${bias.shape.join(', ')}]`);
      return e.launch(conv2dKernel, [x, w, bias ?? null], { g, activation: a.activation }, [g.n, g.oh, g.ow, g.cout]);
    },
    backward: (dy, [x, w, bias], y, a, _saved, needs) => {
      const e = x.engine;
      const g = convGeometry(x, w, a);
      const dz = epilogueGrad(dy, y, a.activation, () =>
        conv2d(x, w, { ...a, activation: 'none', bias, padding: a.pad }),
      );
      // The input batch of a first layer needs no gradient: skip its (full-size) input-gradient pass.
      const dx = needs[0] ? e.launch(conv2dInputGradKernel, [dz, w], g, x.shape) : null;
      const dw = needs[1] ? e.launch(conv2dFilterGradKernel, [x, dz], g, w.shape) : null;
      return bias ? [dx, dw, sum(dz, [0, 1, 2])] : [dx, dw];
    },
  },
  // Runs as conv2d's input gradient; so its gradients are conv2d's forward (dx) and filter gradient (dw).
  convTranspose2d: {
    forward: (e, [x, w, bias], a) => {
      requireF32('convTranspose2d', x, w, ...(bias ? [bias] : []));
      const g = convTransposeGeometry(x, w, a);
      if (bias && (bias.rank !== 1 || bias.shape[0] !== g.cin))
        throw new ShapeError('convTranspose2d', `bias must have shape [${g.cin}], got [${bias.shape.join(', ')}]`);
      return e.launch(convTranspose2dKernel, [x, w, bias ?? null], g, [g.n, g.h, g.w, g.cin]);
    },
    backward: (dy, [x, w, bias], _y, a, _saved, needs) => {
      const e = x.engine;
      const g = convTransposeGeometry(x, w, a);
      const dx = needs[0] ? e.launch(conv2dKernel, [dy, w, null], { g, activation: 'none' }, x.shape) : null;
      const dw = needs[1] ? e.launch(conv2dFilterGradKernel, [dy, x], g, w.shape) : null;
      return bias ? [dx, dw, sum(dy, [0, 1, 2])] : [dx, dw];
    },
  },
  maxPool2d: {
    forward: (e, [x], a) => {
      requireF32('maxPool2d', x);
      const g = poolGeometry('maxPool2d', x, a);
      const shape = [g.n, g.oh, g.ow, g.c];
      const [y, argmax] = e.launchAll(pool2dKernel, [x], { kind: 'max', g }, [
        [shape, 'f32'],
        [shape, 'i32'],
      ]);
      return { output: y, saved: [argmax] };
    },
    backward: (dy, [x], _y, a, [argmax]) => [
      x.engine.launch(pool2dBackwardKernel, [dy, argmax], { kind: 'max', g: poolGeometry('maxPool2d', x, a) }, x.shape),
    ],
  },
  avgPool2d: {
    forward: (e, [x], a) => {
      requireF32('avgPool2d', x);
      const g = poolGeometry('avgPool2d', x, a);
      return e.launch(pool2dKernel, [x], { kind: 'avg', g }, [g.n, g.oh, g.ow, g.c]);
    },
    backward: (dy, [x], _y, a) => [
      x.engine.launch(pool2dBackwardKernel, [dy, null], { kind: 'avg', g: poolGeometry('avgPool2d', x, a) }, x.shape),
    ],
  },
  resize2d: {
    forward: (e, [x], a) => {
      requireF32('resize2d', x);
      const p = resizeParams(x, a);
      return e.launch(resize2dKernel, [x], p, [p.n, p.oh, p.ow, p.c]);
    },
    backward: (dy, [x], _y, a) => [x.engine.launch(resize2dBackwardKernel, [dy], resizeParams(x, a), x.shape)],
  },
};
