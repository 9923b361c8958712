// A small builder for the ONNX graph the exporter writes: nodes with unique output names, float and int64
// initializers, typed attributes, and the value the graph is at (with its layout: ours is channels-last).
import { onnx } from './proto.ts';

const A = onnx.AttributeProto.AttributeType;
const D = onnx.TensorProto.DataType;

/** An attribute value: a number is an int unless wrapped as { f }, arrays are ints, strings are strings. */
export type AttrValue = number | { f: number } | number[] | string;

/**
 * A tensor in the graph under construction. `shape` is the studio's shape without the batch (channels last);
 * `layout` says whether the ONNX tensor holds it as is or transposed to NCHW (conv and pooling run in NCHW).
 */
export interface Value {
  name: string;
  shape: number[];
  layout: 'last' | 'nchw';
}

/** Collects nodes and initializers; every name it hands out is unique. */
export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private used = new Set<string>();
  private constants = new Map<string, string>();

  /** A fresh name from a hint (`layers[2].kernel` → `layers.2.kernel`, as PyTorch names them; `…_1` when taken). */
  fresh(hint: string): string {
    const base = hint.replace(/\[(\d+)\]/g, '.$1').replace(/[^\w.]+/g, '_');
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Reserves a name exactly (graph inputs and outputs). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`ONNX export: the name ${name} is used twice`);
    this.used.add(name);
    return name;
  }

  /** Adds a float32 initializer and returns its name. */
  floats(hint: string, dims: number[], values: Float32Array): string {
    const name = this.fresh(hint);
    const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
    this.initializers.push({ name, dims, dataType: D.FLOAT, rawData: raw });
    return name;
  }

  /** An int64 initializer (shapes, axes, slice bounds), shared when the same values are asked for twice. */
  ints(values: number[]): string {
    const key = `i:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh(`const_i64_${values.map((v) => String(v).replace('-', 'm')).join('_')}`);
    this.initializers.push({ name, dims: [values.length], dataType: D.INT64, int64Data: values });
    this.constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant, shared by value. */
  scalar(v: number): string {
    const key = `f:${v}`;
    const known = this.constants.get(key);
    if (known) return known;
    const name = this.fresh(`const_${String(v).replace(/[^\w]/g, '_')}`);
    this.initializers.push({
      name,
      dims: [],
      dataType: D.FLOAT,
      rawData: new Uint8Array(new Float32Array([v]).buffer),
    });
    this.constants.set(key, name);
    return name;
  }

  /** Appends a node with one output (or `outputs` of them) and returns the first output's name. */
  op(type: string, inputs: string[], attrs: Record<string, AttrValue> = {}, hint = type, outputs = 1): string {
    const outs = Array.from({ length: outputs }, (_, i) => this.fresh(outputs === 1 ? hint : `${hint}.out${i}`));
    this.nodes.push({
      name: this.fresh(`${hint}.node`),
      opType: type,
      input: inputs,
      output: outs,
      attribute: Object.entries(attrs).map(([name, v]) => attribute(name, v)),
    });
    return outs[0];
  }

  /** The outputs of the last node (for ops with several, such as LSTM). */
  lastOutputs(): string[] {
    return this.nodes[this.nodes.length - 1].output as string[];
  }

  /** Renames the tensor `from` to `to` where the last node writes it (so the graph's output has a plain name). */
  renameOutput(from: string, to: string): boolean {
    const node = this.nodes.findLast((n) => n.output?.includes(from));
    if (!node) return false;
    node.output = node.output!.map((o) => (o === from ? to : o));
    return true;
  }
}

function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  if (typeof v === 'number') return { name, type: A.INT, i: v };
  if (typeof v === 'string') return { name, type: A.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: A.INTS, ints: v };
  return { name, type: A.FLOAT, f: v.f };
}

/** A graph input or output with a free batch dimension named `batch`. */
export function valueInfo(name: string, elemType: number, shape: number[], doc?: string): onnx.IValueInfoProto {
  return {
    name,
    docString: doc,
    type: {
      tensorType: {
        elemType,
        shape: { dim: [{ dimParam: 'batch' }, ...shape.map((d) => ({ dimValue: d }))] },
      },
    },
  };
}

/** Brings a value to channels-last (the studio's layout), transposing an NCHW image back. */
export function toLast(g: GraphBuilder, x: Value): Value {
  if (x.layout === 'last') return x;
  return { name: g.op('Transpose', [x.name], { perm: [0, 2, 3, 1] }, 'to_nhwc'), shape: x.shape, layout: 'last' };
}

/** Brings an image value [H, W, C] to NCHW for Conv and pooling. */
export function toNchw(g: GraphBuilder, x: Value): Value {
  if (x.layout === 'nchw') return x;
  return { name: g.op('Transpose', [x.name], { perm: [0, 3, 1, 2] }, 'to_nchw'), shape: x.shape, layout: 'nchw' };
}

/** Permutes a row-major array: output axis d is input axis perm[d] (kernel layout changes). */
export function permute(src: Float32Array, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(src.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let s = 0;
    for (let d = 0; d < perm.length; d++) s += idx[d] * strides[perm[d]];
    out[o] = src[s];
    for (let d = perm.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}
