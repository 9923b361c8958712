// ONNX MatMul, Gemm, Softmax/LogSoftmax, LayerNormalization, the Reduce* family and Resize onto engine ops.
import type { Tensor } from '../../engine/tensor.ts';
import * as E from '../../engine/ops/api.ts';
import { UnsupportedModelError } from '../errors.ts';
import { reduceH } from './host-ops.ts';
import { COORDINATE_TRANSFORMS, NEAREST_MODES } from '../../../kernels/resize2d/resize2d.ts';
import { TO_NHWC, axisOf, isHost, needHost, shapeOf, type Ctx, type OpFn, type Val } from './values.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

const matmulOp: OpFn = (c, _a, [x, y]) => {
  let a = c.dev(x!);
  let b = c.dev(y!);
  const va = a.rank === 1;
  const vb = b.rank === 1;
  if (va) a = E.reshape(a, [1, a.shape[0]]);
  if (vb) b = E.reshape(b, [b.shape[0], 1]);
  let r = E.matmul(a, b);
  if (va || vb) {
    const s = [...r.shape];
    if (vb) s.splice(s.length - 1, 1);
    if (va) s.splice(s.length - (vb ? 1 : 2), 1);
    r = E.reshape(r, s);
  }
  return [c.out(r, 'float32')];
};

const gemm: OpFn = (c, a, [x, y, z]) => {
  const alpha = a.f('alpha', 1);
  const beta = a.f('beta', 1);
  const opts = { transA: a.i('transA', 0) === 1, transB: a.i('transB', 0) === 1 };
  const bias = z && beta !== 0 ? c.dev(z) : undefined;
  // The common case (a Linear layer) fuses the bias into the matmul kernel.
  if (
    bias &&
    alpha === 1 &&
    beta === 1 &&
    bias.rank === 1 &&
    bias.shape[0] === (opts.transB ? c.dev(y!).shape[0] : c.dev(y!).shape[1])
  )
    return [c.out(E.matmul(c.dev(x!), c.dev(y!), { ...opts, bias }), 'float32')];
  let r = E.matmul(c.dev(x!), c.dev(y!), opts);
  if (alpha !== 1) r = E.mul(r, alpha);
  if (bias) r = E.add(r, beta === 1 ? bias : E.mul(bias, beta));
  return [c.out(r, 'float32')];
};

/** Softmax-like op along `axis` of a plain tensor, permuting when the axis is not last. */
function alongAxis(t: Tensor, axis: number, f: (t: Tensor) => Tensor): Tensor {
  if (axis === t.rank - 1) return f(t);
  const perm = [...Array(t.rank).keys()];
  perm.splice(axis, 1);
  perm.push(axis);
  const inv = perm.map((_, i) => perm.indexOf(i));
  return E.permute(f(E.permute(t, perm)), inv);
}

function softmaxOp(log: boolean): OpFn {
  const name = log ? 'LogSoftmax' : 'Softmax';
  const f = log ? E.logSoftmax : E.softmax;
  return (c, a, [x]) => {
    const shape = shapeOf(x!);
    // Before opset 13 the input is coerced to 2-D at `axis` (default 1) and normalised over the flattened tail.
    if (c.opset < 13) {
      const axis = axisOf(name, a.i('axis', 1), shape.length);
      const t = E.reshape(c.dev(x!), [size(shape.slice(0, axis)), size(shape.slice(axis))]);
      return [c.out(E.reshape(f(t), shape), 'float32')];
    }
    const axis = axisOf(name, a.i('axis', -1), shape.length);
    return [c.out(alongAxis(c.dev(x!), axis, f), 'float32')];
  };
}

const layerNorm: OpFn = (c, a, [x, scale, bias], nOut) => {
  const shape = shapeOf(x!);
  const axis = axisOf('LayerNormalization', a.i('axis', -1), shape.length);
  const eps = a.f('epsilon', 1e-5);
  const outer = size(shape.slice(0, axis));
  const inner = size(shape.slice(axis));
  const t = E.reshape(c.dev(x!), [outer, inner]);
  const g = E.reshape(c.dev(scale!), [inner]);
  const b = bias ? E.reshape(c.dev(bias), [inner]) : c.engine.zeros([inner]);
  const outs: Val[] = [c.out(E.reshape(E.layerNorm(t, g, b, eps), shape), 'float32')];
  if (nOut > 1) {
    // Mean and InvStdDev outputs: [d0 … d(axis−1), 1 …].
    const kept = shape.map((d, i) => (i < axis ? d : 1));
    const m = E.mean(t, 1, true);
    outs.push(c.out(E.reshape(m, kept), 'float32'));
    outs.push(c.out(E.reshape(E.rsqrt(E.add(E.variance(t, 1, true), eps)), kept), 'float32'));
  }
  return outs;
};

function reduceOp(kind: 'sum' | 'mean' | 'max' | 'min', name: string, axesInputFrom: number): OpFn {
  return (c, a, [x, ax]) => {
    const shape = shapeOf(x!);
    const keep = a.i('keepdims', 1) === 1;
    const given = c.opset >= axesInputFrom ? ax && Array.from(needHost(ax, name, 'axes').data) : a.ints('axes');
    if ((!given || given.length === 0) && a.i('noop_with_empty_axes', 0) === 1) return [x!];
    const axes = given && given.length ? given.map((v) => axisOf(name, v, shape.length)) : [...shape.keys()];
    if (size(shape) === 0)
      throw new UnsupportedModelError(`${name}: the input is empty; the studio does not run zero-size tensors.`, [
        'zero-size tensors',
      ]);
    if (isHost(x!)) return [{ host: reduceH(x.host, axes, keep, kind) }];
    if (x!.nhwc && keep)
      return [
        c.out(
          E[kind](
            x!.dev,
            axes.map((v) => TO_NHWC.indexOf(v)),
            true,
          ),
          x!.type,
          true,
        ),
      ];
    return [c.out(E[kind](c.dev(x!), axes, keep), x!.type)];
  };
}

/** Source position of output index `o` along one axis, per ONNX's coordinate_transformation_mode. */
function sourceCoord(mode: string, o: number, inN: number, outN: number, scale: number): number {
  switch (mode) {
    case 'half_pixel':
      return (o + 0.5) / scale - 0.5;
    case 'half_pixel_symmetric': {
      const adj = outN / (scale * inN);
      return (inN / 2) * (1 - adj) + (o + 0.5) / scale - 0.5;
    }
    case 'pytorch_half_pixel':
      return outN > 1 ? (o + 0.5) / scale - 0.5 : 0;
    case 'align_corners': {
      // ONNX divides by the resized length before flooring (in·scale), not by the integer output length.
      const len = inN * scale;
      return len === 1 ? 0 : (o * (inN - 1)) / (len - 1);
    }
    case 'asymmetric':
      return o / scale;
    case 'tf_half_pixel_for_nn':
      return (o + 0.5) / scale;
  }
  throw new UnsupportedModelError(`Resize: coordinate_transformation_mode '${mode}' is not supported.`, [
    `Resize(${mode})`,
  ]);
}

function nearestIndex(mode: string, x: number): number {
  switch (mode) {
    case 'round_prefer_floor':
      return x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
    case 'round_prefer_ceil':
      return Math.round(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
  }
  throw new UnsupportedModelError(`Resize: nearest_mode '${mode}' is not supported.`, [`Resize(nearest_mode=${mode})`]);
}

/** Gathers NHWC rows (axis 1) or columns (axis 2) by index lists. */
const pick = (c: Ctx, t: Tensor, ix: number[], axis: number) =>
  E.gather(t, c.engine.tensor(Int32Array.from(ix), [ix.length], 'i32'), axis);

/**
 * Resize of the two spatial axes, nearest or linear, any coordinate mode. The engine's resize2d kernel runs when its
 * rule is exactly ONNX's (nearest with floor(o·in/out), bilinear with half-pixel centres); other modes gather the
 * source rows and columns the ONNX rule picks and interpolate with host-computed weights.
 */
const resize: OpFn = (c, a, ins) => {
  const [x] = ins;
  const shape = shapeOf(x!);
  if (shape.length !== 4)
    throw new UnsupportedModelError('Resize: only 4-D NCHW inputs are supported.', ['Resize (not 4-D)']);
  const [scalesV, sizesV] = c.opset < 11 ? [ins[1], undefined] : [ins[2], ins[3]];
  const scales = scalesV && Array.from(needHost(scalesV, 'Resize', 'scales').data);
  const sizes = sizesV && Array.from(needHost(sizesV, 'Resize', 'sizes').data);
  const axes = a.ints('axes')?.map((v) => axisOf('Resize', v, 4)) ?? [0, 1, 2, 3];
  const full = (v: number[] | undefined, d: (i: number) => number) =>
    [0, 1, 2, 3].map((i) => (v && v.length && axes.includes(i) ? v[axes.indexOf(i)] : d(i)));
  const useSizes = !!sizes && sizes.length > 0;
  let sc = useSizes ? full(sizes, (i) => shape[i]).map((o, i) => o / shape[i]) : full(scales, () => 1);
  let out = useSizes ? full(sizes, (i) => shape[i]) : shape.map((d, i) => Math.floor(d * sc[i]));
  const policy = a.s('keep_aspect_ratio_policy', 'stretch');
  if (useSizes && policy !== 'stretch') {
    // One scale for all resized axes (the smaller or larger ratio), so the aspect ratio is kept.
    const ratios = axes.map((i) => sc[i]);
    const k = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
    sc = sc.map((v, i) => (axes.includes(i) ? k : v));
    out = shape.map((d, i) => (axes.includes(i) ? Math.floor(d * k + 0.5) : d));
  }
  if (out[0] !== shape[0] || out[1] !== shape[1])
    throw new UnsupportedModelError('Resize: only height and width may change.', ['Resize (batch/channel axes)']);
  const mode = a.s('mode', 'nearest');
  const ctm = a.s('coordinate_transformation_mode', c.opset < 11 ? 'asymmetric' : 'half_pixel');
  const nm = a.s('nearest_mode', c.opset < 11 ? 'floor' : 'round_prefer_floor');
  const t = c.nhwc(x!);
  const [h, w] = [shape[2], shape[3]];
  const [oh, ow] = [out[2], out[3]];
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const axisMap = (inN: number, outN: number, s: number) =>
    [...Array(outN).keys()].map((o) => sourceCoord(ctm, o, inN, outN, s));
  const ys = axisMap(h, oh, sc[2]);
  const xs = axisMap(w, ow, sc[3]);
  if (mode !== 'nearest' && mode !== 'linear')
    throw new UnsupportedModelError(`Resize: mode '${mode}' is not supported (nearest and linear are).`, [
      `Resize(mode=${mode})`,
    ]);
  // The engine's kernel has ONNX's coordinate rules; with sizes the scale is out/in, with scales it is the given one.
  const ct = COORDINATE_TRANSFORMS.find((v) => v === ctm);
  const nmode = NEAREST_MODES.find((v) => v === nm);
  if (ct && nmode && policy === 'stretch') {
    const size = useSizes ? ([oh, ow] as const) : { scales: [sc[2], sc[3]] as const };
    const engineMode = mode === 'nearest' ? 'nearest' : 'bilinear';
    const y = E.resize2d(t, size, { mode: engineMode, coordinateTransform: ct, nearestMode: nmode });
    return [c.out(y, 'float32', true)];
  }
  // Otherwise (a kept aspect ratio scales by one factor that is not out/in): gather the source rows and columns.
  if (mode === 'nearest') {
    const iy = ys.map((v) => clamp(nearestIndex(nm, v), h));
    const ix = xs.map((v) => clamp(nearestIndex(nm, v), w));
    return [c.out(pick(c, pick(c, t, iy, 1), ix, 2), 'float32', true)];
  }
  const lerp = (src: Tensor, coords: number[], n: number, axis: number) => {
    const lo = coords.map((v) => clamp(Math.floor(clamp(v, n)), n));
    const hi = lo.map((v) => Math.min(n - 1, v + 1));
    const wt = coords.map((v, i) => clamp(v, n) - lo[i]);
    const wshape = axis === 1 ? [1, wt.length, 1, 1] : [1, 1, wt.length, 1];
    const wv = c.engine.tensor(Float32Array.from(wt), wshape);
    const a0 = pick(c, src, lo, axis);
    return E.add(a0, E.mul(E.sub(pick(c, src, hi, axis), a0), wv));
  };
  return [c.out(lerp(lerp(t, ys, h, 1), xs, w, 2), 'float32', true)];
};

/** Dense, normalisation, reduction and resize op table. */
export const NN_OPS: Record<string, OpFn> = {
  MatMul: matmulOp,
  Gemm: gemm,
  Softmax: softmaxOp(false),
  LogSoftmax: softmaxOp(true),
  LayerNormalization: layerNorm,
  ReduceSum: reduceOp('sum', 'ReduceSum', 13),
  ReduceMean: reduceOp('mean', 'ReduceMean', 18),
  ReduceMax: reduceOp('max', 'ReduceMax', 18),
  ReduceMin: reduceOp('min', 'ReduceMin', 18),
  Resize: resize,
};
