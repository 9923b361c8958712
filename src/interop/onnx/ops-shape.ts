// ONNX shape and data-movement ops: Shape, Reshape, Flatten, Transpose, Concat, Slice, Squeeze, Unsqueeze, Gather,
// Expand, Constant, ConstantOfShape. Host inputs are computed on the CPU; Transpose/Concat/Slice keep NHWC maps NHWC.
import * as E from '../../engine/ops/api.ts';
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';
import { broadcastShape, concatH, expandH, gatherH, pickH, reshapeH, transposeH } from './host-ops.ts';
import { fromTensorProto, hval, type HVal } from './tensor-proto.ts';
import { TO_NHWC, axisOf, isHost, needHost, shapeOf, type Attrs, type Ctx, type OpFn, type Val } from './values.ts';

const ints = (h: HVal) => Array.from(h.data);
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

const shapeOp: OpFn = (_c, a, [x]) => {
  const s = shapeOf(x!);
  const clampAxis = (v: number) => Math.min(s.length, Math.max(0, v < 0 ? v + s.length : v));
  const part = s.slice(clampAxis(a.i('start', 0)), clampAxis(a.i('end', s.length)));
  return [{ host: hval('int64', [part.length], part) }];
};

/** ONNX Reshape's target: 0 copies the input's dim (unless allowzero), -1 is inferred. */
function reshapeTarget(from: readonly number[], spec: number[], allowZero: boolean): number[] {
  const shape = spec.map((d, i) => (d === 0 && !allowZero ? from[i] : d));
  const known = size(shape.filter((d) => d !== -1));
  const total = size(from);
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : total / known) : d));
  if (out.some((d) => !Number.isInteger(d) || d < 0) || size(out) !== total)
    throw new ModelFormatError(`Reshape: cannot reshape [${from.join(', ')}] to [${spec.join(', ')}].`);
  return out;
}

function reshapeVal(c: Ctx, x: Val, shape: number[]): Val {
  if (isHost(x)) return { host: reshapeH(x.host, shape) };
  return { dev: E.reshape(c.dev(x), shape), type: x.type, nhwc: false };
}

const reshape: OpFn = (c, a, [x, s]) => {
  const spec = c.opset < 5 ? a.ints('shape')! : ints(needHost(s, 'Reshape', 'shape'));
  return [reshapeVal(c, x!, reshapeTarget(shapeOf(x!), spec, a.i('allowzero', 0) === 1))];
};

const flatten: OpFn = (c, a, [x]) => {
  const s = shapeOf(x!);
  const axis = a.i('axis', 1);
  const k = axis < 0 ? axis + s.length : axis;
  return [reshapeVal(c, x!, [size(s.slice(0, k)), size(s.slice(k))])];
};

/** Logical perm of an NHWC-stored value as a perm of its storage. */
const throughNhwc = (perm: number[]) => perm.map((p) => TO_NHWC.indexOf(p));

const transpose: OpFn = (c, a, [x]) => {
  const rank = shapeOf(x!).length;
  const perm = a.ints('perm') ?? [...Array(rank).keys()].reverse();
  if (isHost(x!)) return [{ host: transposeH(x.host, perm) }];
  if (x!.nhwc) return [{ dev: E.permute(x!.dev, throughNhwc(perm)), type: x!.type, nhwc: false }];
  return [{ dev: E.permute(x!.dev, perm), type: x!.type, nhwc: false }];
};

const concat: OpFn = (c, a, ins) => {
  const xs = (ins as (Val | undefined)[]).filter((x): x is Val => !!x && size(shapeOf(x)) > 0);
  if (xs.length === 0) return [ins[0]!];
  const axis = axisOf('Concat', a.i('axis', 0), shapeOf(xs[0]).length);
  if (xs.every(isHost))
    return [
      {
        host: concatH(
          xs.map((x) => (x as { host: HVal }).host),
          axis,
        ),
      },
    ];
  const type = xs.map((x) => (isHost(x) ? x.host.type : x.type)).find(Boolean)!;
  if (shapeOf(xs[0]).length === 4 && xs.some((x) => !isHost(x) && x.nhwc))
    return [
      {
        dev: E.concat(
          xs.map((x) => c.nhwc(x)),
          TO_NHWC.indexOf(axis),
        ),
        type,
        nhwc: true,
      },
    ];
  return [
    {
      dev: E.concat(
        xs.map((x) => c.dev(x)),
        axis,
      ),
      type,
      nhwc: false,
    },
  ];
};

/** Per-axis picks of an ONNX Slice: null where the axis is untouched, else the list of source indices. */
function slicePicks(shape: readonly number[], starts: number[], ends: number[], axes: number[], steps: number[]) {
  const picks: (number[] | null)[] = shape.map(() => null);
  axes.forEach((ax0, i) => {
    const ax = axisOf('Slice', ax0, shape.length);
    const d = shape[ax];
    const step = steps[i] ?? 1;
    if (step === 0) throw new ModelFormatError('Slice: a step of 0 is not allowed.');
    const clampTo = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v < 0 ? v + d : v));
    const s = step > 0 ? clampTo(starts[i], 0, d) : clampTo(starts[i], -1, d - 1);
    const e = step > 0 ? clampTo(ends[i], 0, d) : clampTo(ends[i], -1, d - 1);
    const list: number[] = [];
    for (let k = s; step > 0 ? k < e : k > e; k += step) list.push(k);
    picks[ax] = list;
  });
  return picks;
}

const sliceOp: OpFn = (c, a, [x, st, en, ax, sp]) => {
  const shape = shapeOf(x!);
  const starts = c.opset < 10 ? a.ints('starts')! : ints(needHost(st, 'Slice', 'starts'));
  const ends = c.opset < 10 ? a.ints('ends')! : ints(needHost(en, 'Slice', 'ends'));
  const axes = (c.opset < 10 ? a.ints('axes') : ax && ints(needHost(ax, 'Slice', 'axes'))) ?? starts.map((_, i) => i);
  const steps = sp ? ints(needHost(sp, 'Slice', 'steps')) : starts.map(() => 1);
  const picks = slicePicks(shape, starts, ends, axes, steps);
  if (isHost(x!)) return [{ host: pickH(x.host, picks) }];
  const nhwc = x!.nhwc;
  const t = nhwc ? x!.dev : c.dev(x!);
  const order = nhwc ? TO_NHWC : shape.map((_, i) => i);
  let y = t;
  // Contiguous runs (step ±1 going forward) are one slice; anything else gathers the picked indices on that axis.
  const begin: number[] = [];
  const len: number[] = [];
  order.forEach((logical, phys) => {
    const p = picks[logical];
    const contiguous = !p || p.every((v, i) => i === 0 || v === p[i - 1] + 1);
    begin.push(p && contiguous ? (p[0] ?? 0) : 0);
    len.push(p && contiguous ? p.length : t.shape[phys]);
  });
  if (len.some((l) => l === 0))
    throw new UnsupportedModelError('Slice: the result is empty; the studio does not run zero-size tensors.', [
      'zero-size tensors',
    ]);
  y = E.slice(y, begin, len);
  order.forEach((logical, phys) => {
    const p = picks[logical];
    if (p && !p.every((v, i) => i === 0 || v === p[i - 1] + 1))
      y = E.gather(y, c.engine.tensor(Int32Array.from(p), [p.length], 'i32'), phys);
  });
  return [{ dev: y, type: x!.type, nhwc }];
};

function axesOf(c: Ctx, a: Attrs, v: Val | undefined, op: string): number[] | undefined {
  return c.opset < 13 ? a.ints('axes') : v && ints(needHost(v, op, 'axes'));
}

const squeeze: OpFn = (c, a, [x, ax]) => {
  const shape = shapeOf(x!);
  const axes = (axesOf(c, a, ax, 'Squeeze') ?? shape.flatMap((d, i) => (d === 1 ? [i] : []))).map((v) =>
    axisOf('Squeeze', v, shape.length),
  );
  return [
    reshapeVal(
      c,
      x!,
      shape.filter((_, i) => !axes.includes(i)),
    ),
  ];
};

const unsqueeze: OpFn = (c, a, [x, ax]) => {
  const shape = shapeOf(x!);
  const rank = shape.length + (axesOf(c, a, ax, 'Unsqueeze') ?? []).length;
  const axes = (axesOf(c, a, ax, 'Unsqueeze') ?? []).map((v) => axisOf('Unsqueeze', v, rank));
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : shape[k++]);
  return [reshapeVal(c, x!, out)];
};

const gather: OpFn = (c, a, [x, idx]) => {
  const shape = shapeOf(x!);
  const axis = axisOf('Gather', a.i('axis', 0), shape.length);
  const d = shape[axis];
  if (isHost(idx!)) {
    const fixed: HVal = { ...idx.host, data: idx.host.data.map((v) => (v < 0 ? v + d : v)) };
    if (fixed.data.some((v) => v < 0 || v >= d))
      throw new ModelFormatError(`Gather: an index is outside axis ${axis} of size ${d}.`);
    if (isHost(x!)) return [{ host: gatherH(x.host, fixed, axis) }];
    const ix = c.engine.tensor(Int32Array.from(fixed.data), fixed.shape.length ? fixed.shape : [], 'i32');
    return [{ dev: E.gather(c.dev(x!), ix, axis), type: x!.type, nhwc: false }];
  }
  // Indices computed on the GPU: ONNX's negative indices count from the end.
  const raw = c.dev(idx!);
  const ix = E.cast(E.where(E.less(raw, 0), E.add(raw, d), raw), 'i32');
  return [{ dev: E.gather(c.dev(x!), ix, axis), type: isHost(x!) ? x.host.type : x!.type, nhwc: false }];
};

const expand: OpFn = (c, _a, [x, s]) => {
  const target = broadcastShape('Expand', shapeOf(x!), ints(needHost(s, 'Expand', 'shape')));
  if (isHost(x!)) return [{ host: expandH(x.host, target) }];
  return [{ dev: E.broadcastTo(c.dev(x!), target), type: x!.type, nhwc: false }];
};

const constant: OpFn = (_c, a) => {
  const t = a.get('value')?.t;
  if (t) return [{ host: fromTensorProto(t, 'a Constant node') }];
  if (a.has('value_float')) return [{ host: hval('float32', [], [a.f('value_float', 0)]) }];
  if (a.has('value_floats'))
    return [{ host: hval('float32', [a.floats('value_floats')!.length], a.floats('value_floats')!) }];
  if (a.has('value_int')) return [{ host: hval('int64', [], [a.i('value_int', 0)]) }];
  if (a.has('value_ints')) return [{ host: hval('int64', [a.ints('value_ints')!.length], a.ints('value_ints')!) }];
  throw new UnsupportedModelError('Constant: only tensor, float(s) and int(s) values are supported.', [
    'Constant(sparse/string)',
  ]);
};

const constantOfShape: OpFn = (_c, a, [s]) => {
  const shape = ints(needHost(s, 'ConstantOfShape', 'shape'));
  const t = a.get('value')?.t;
  const v = t ? fromTensorProto(t, 'ConstantOfShape') : hval('float32', [1], [0]);
  return [{ host: { type: v.type, shape, data: new Float64Array(size(shape)).fill(v.data[0]) } }];
};

/** Shape op table. */
export const SHAPE_OPS: Record<string, OpFn> = {
  Shape: shapeOp,
  Reshape: reshape,
  Flatten: flatten,
  Transpose: transpose,
  Concat: concat,
  Slice: sliceOp,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Gather: gather,
  Expand: expand,
  Constant: constant,
  ConstantOfShape: constantOfShape,
};
