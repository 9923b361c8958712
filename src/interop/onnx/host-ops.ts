// CPU kernels for host values: the shape arithmetic of dynamic graphs (Shape → Gather → Concat → Reshape), integer
// tensors, and constant folding. Small tensors only; anything float that meets a GPU tensor goes to the engine.
import { ShapeError } from '../../engine/errors.ts';
import { coerce, type ElemKind, type HVal } from './tensor-proto.ts';

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const stridesOf = (s: readonly number[]) => {
  const st = new Array<number>(s.length);
  let acc = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
};

/** NumPy broadcasting of shapes; `op` names the node in the error. */
export function broadcastShape(op: string, ...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v !== 1 && d !== 1 && v !== d)
        throw new ShapeError(op, `cannot broadcast shapes ${shapes.map((x) => `[${x.join(', ')}]`).join(' and ')}`);
      if (v !== 1) d = v;
    }
    out.push(d);
  }
  return out;
}

/** Index of output element `i` in an operand of shape `s` broadcast to `out`. */
function broadcastIndexer(s: readonly number[], out: readonly number[]): (i: number) => number {
  const os = stridesOf(out);
  const ss = stridesOf(s);
  const lead = out.length - s.length;
  return (i) => {
    let j = 0;
    for (let d = 0; d < out.length; d++) {
      const c = Math.floor(i / os[d]) % out[d];
      const sd = d - lead;
      if (sd >= 0 && s[sd] !== 1) j += c * ss[sd];
    }
    return j;
  };
}

/** Elementwise op over broadcast operands; the result has kind `type` (values rounded to it). */
export function mapN(op: string, type: ElemKind, xs: HVal[], f: (...v: number[]) => number): HVal {
  const shape = broadcastShape(op, ...xs.map((x) => x.shape));
  const n = size(shape);
  const idx = xs.map((x) => broadcastIndexer(x.shape, shape));
  const data = new Float64Array(n);
  const args = new Array<number>(xs.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < xs.length; k++) args[k] = xs[k].data[idx[k](i)];
    data[i] = coerce(type, f(...args));
  }
  return { type, shape, data };
}

/** Reorders axes. */
export function transposeH(x: HVal, perm: readonly number[]): HVal {
  const shape = perm.map((p) => x.shape[p]);
  const xs = stridesOf(x.shape);
  const os = stridesOf(shape);
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) {
    let j = 0;
    for (let d = 0; d < shape.length; d++) j += (Math.floor(i / os[d]) % shape[d]) * xs[perm[d]];
    data[i] = x.data[j];
  }
  return { type: x.type, shape, data };
}

/** Picks, per axis, the listed source positions (slices with steps, gathers along one axis). */
export function pickH(x: HVal, picks: (readonly number[] | null)[]): HVal {
  const lists = picks.map((p, d) => p ?? [...Array(x.shape[d]).keys()]);
  const shape = lists.map((l) => l.length);
  const xs = stridesOf(x.shape);
  const os = stridesOf(shape);
  const data = new Float64Array(size(shape));
  for (let i = 0; i < data.length; i++) {
    let j = 0;
    for (let d = 0; d < shape.length; d++) j += lists[d][Math.floor(i / os[d]) % shape[d]] * xs[d];
    data[i] = x.data[j];
  }
  return { type: x.type, shape, data };
}

/** Joins along an axis. */
export function concatH(xs: HVal[], axis: number): HVal {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((a, x) => a + x.shape[axis], 0);
  const outer = size(shape.slice(0, axis));
  const data = new Float64Array(size(shape));
  let o = 0;
  for (let r = 0; r < outer; r++)
    for (const x of xs) {
      const chunk = size(x.shape.slice(axis));
      data.set(x.data.subarray(r * chunk, (r + 1) * chunk), o);
      o += chunk;
    }
  return { type: xs[0].type, shape, data };
}

/** Gathers along `axis` with (already non-negative) indices of any shape. */
export function gatherH(x: HVal, indices: HVal, axis: number): HVal {
  const outer = size(x.shape.slice(0, axis));
  const inner = size(x.shape.slice(axis + 1));
  const n = x.shape[axis];
  const shape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
  const data = new Float64Array(size(shape));
  let o = 0;
  for (let r = 0; r < outer; r++)
    for (const ix of indices.data) {
      const base = (r * n + ix) * inner;
      data.set(x.data.subarray(base, base + inner), o);
      o += inner;
    }
  return { type: x.type, shape, data };
}

/** Sum, mean, max or min over `axes`. */
export function reduceH(
  x: HVal,
  axes: readonly number[],
  keepDims: boolean,
  kind: 'sum' | 'mean' | 'max' | 'min',
): HVal {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Float64Array(size(kept)).fill(kind === 'max' ? -Infinity : kind === 'min' ? Infinity : 0);
  const idx = broadcastIndexer(kept, x.shape);
  for (let i = 0; i < x.data.length; i++) {
    const j = idx(i);
    const v = x.data[i];
    out[j] = kind === 'max' ? Math.max(out[j], v) : kind === 'min' ? Math.min(out[j], v) : out[j] + v;
  }
  const count = size(axes.map((a) => x.shape[a]));
  if (kind === 'mean') for (let j = 0; j < out.length; j++) out[j] /= count;
  for (let j = 0; j < out.length; j++) out[j] = coerce(x.type, out[j]);
  const shape = keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i));
  return { type: x.type, shape, data: out };
}

/** Converts kinds (float → int truncates toward zero, as ONNX Cast). */
export function castH(x: HVal, type: ElemKind): HVal {
  return { type, shape: [...x.shape], data: x.data.map((v) => coerce(type, v)) };
}

/** Same values, new shape (the caller checked the size). */
export const reshapeH = (x: HVal, shape: number[]): HVal => ({ type: x.type, shape, data: x.data });

/** Materialises broadcasting to `shape`. */
export const expandH = (x: HVal, shape: number[]): HVal =>
  mapN('Expand', x.type, [x, { type: x.type, shape, data: new Float64Array(size(shape)) }], (a) => a);

/** Integer kinds compute ONNX Div as truncation toward zero. */
export const isInt = (t: ElemKind) => t !== 'float32' && t !== 'bool';
