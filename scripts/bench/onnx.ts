// A minimal ONNX model writer (protobuf wire format by hand, only the fields we need) and the static-shape
// graphs the benchmark feeds to ONNX Runtime Web. Field numbers follow onnx/onnx.proto (IR version 8).
import { stridesOf } from '../../kernels/common/shape.mjs';

/** Protobuf encoder: varints, length-delimited fields, fixed32 floats. */
class Writer {
  private bytes: number[] = [];

  private varint(v: number): void {
    let n = BigInt.asUintN(64, BigInt(Math.trunc(v)));
    do {
      let b = Number(n & 0x7fn);
      n >>= 7n;
      if (n) b |= 0x80;
      this.bytes.push(b);
    } while (n);
  }
  private key(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  int(field: number, v: number): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }
  float(field: number, v: number): this {
    this.key(field, 5);
    const b = new Uint8Array(new Float32Array([v]).buffer);
    this.bytes.push(...b);
    return this;
  }
  bytesField(field: number, data: Uint8Array): this {
    this.key(field, 2);
    this.varint(data.length);
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]);
    return this;
  }
  string(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }
  message(field: number, w: Writer): this {
    return this.bytesField(field, w.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const FLOAT = 1; // TensorProto.DataType.FLOAT

export type Attr = { name: string; int: number } | { name: string; float: number } | { name: string; ints: number[] };
export interface NodeDef {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Attr[];
}
export interface GraphDef {
  inputs: { name: string; shape: number[] }[];
  outputs: { name: string; shape: number[] }[];
  initializers?: { name: string; shape: number[]; values: Float32Array }[];
  nodes: NodeDef[];
}

function valueInfo(name: string, shape: number[]): Writer {
  const dims = new Writer();
  for (const d of shape) dims.message(1, new Writer().int(1, d)); // TensorShapeProto.dim { dim_value }
  const tensorType = new Writer().int(1, FLOAT).message(2, dims); // TypeProto.Tensor { elem_type, shape }
  return new Writer().string(1, name).message(2, new Writer().message(1, tensorType)); // ValueInfoProto { name, type }
}

function attribute(a: Attr): Writer {
  const w = new Writer().string(1, a.name);
  if ('int' in a) return w.int(3, a.int).int(20, 2);
  if ('float' in a) return w.float(2, a.float).int(20, 1);
  for (const v of a.ints) w.int(8, v);
  return w.int(20, 7);
}

/** Serialises a float32 graph to ONNX ModelProto bytes (opset 17 of the default domain). */
export function encodeModel(g: GraphDef): Uint8Array {
  const graph = new Writer();
  g.nodes.forEach((n, i) => {
    const node = new Writer();
    n.inputs.forEach((s) => node.string(1, s));
    n.outputs.forEach((s) => node.string(2, s));
    node.string(3, `${n.op}_${i}`).string(4, n.op);
    for (const a of n.attrs ?? []) node.message(5, attribute(a));
    graph.message(1, node);
  });
  graph.string(2, 'bench');
  for (const t of g.initializers ?? []) {
    const tensor = new Writer();
    t.shape.forEach((d) => tensor.int(1, d));
    tensor
      .int(2, FLOAT)
      .string(8, t.name)
      .bytesField(9, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
    graph.message(5, tensor);
  }
  for (const v of g.inputs) graph.message(11, valueInfo(v.name, v.shape));
  for (const v of g.outputs) graph.message(12, valueInfo(v.name, v.shape));
  return new Writer()
    .int(1, 8) // ir_version
    .string(2, 'studio-bench')
    .message(7, graph)
    .message(8, new Writer().string(1, '').int(2, 17)) // opset_import
    .finish();
}

/** Y = A·B. */
export const matmulGraph = (m: number, k: number, n: number): GraphDef => ({
  inputs: [
    { name: 'A', shape: [m, k] },
    { name: 'B', shape: [k, n] },
  ],
  outputs: [{ name: 'Y', shape: [m, n] }],
  nodes: [{ op: 'MatMul', inputs: ['A', 'B'], outputs: ['Y'] }],
});

/** Y = conv(X, W), NCHW, stride 1, 'same' padding for an odd kernel. */
export function convGraph(n: number, h: number, w: number, cin: number, cout: number, k: number): GraphDef {
  const p = (k - 1) >> 1;
  return {
    inputs: [
      { name: 'X', shape: [n, cin, h, w] },
      { name: 'W', shape: [cout, cin, k, k] },
    ],
    outputs: [{ name: 'Y', shape: [n, cout, h, w] }],
    nodes: [
      {
        op: 'Conv',
        inputs: ['X', 'W'],
        outputs: ['Y'],
        attrs: [
          { name: 'kernel_shape', ints: [k, k] },
          { name: 'pads', ints: [p, p, p, p] },
        ],
      },
    ],
  };
}

/**
 * Causal attention composed from MatMul, Mul, Add (mask), Softmax, MatMul — what an exporter emits without a fused op.
 */
export function attentionGraph(b: number, h: number, t: number, d: number, causal: boolean): GraphDef {
  const mask = new Float32Array(t * t);
  if (causal) for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) mask[i * t + j] = -1e9;
  const qkv = [b, h, t, d];
  return {
    inputs: ['Q', 'K', 'V'].map((name) => ({ name, shape: qkv })),
    outputs: [{ name: 'O', shape: qkv }],
    initializers: [
      { name: 'scale', shape: [], values: new Float32Array([1 / Math.sqrt(d)]) },
      { name: 'mask', shape: [t, t], values: mask },
    ],
    nodes: [
      { op: 'Transpose', inputs: ['K'], outputs: ['Kt'], attrs: [{ name: 'perm', ints: [0, 1, 3, 2] }] },
      { op: 'MatMul', inputs: ['Q', 'Kt'], outputs: ['S'] },
      { op: 'Mul', inputs: ['S', 'scale'], outputs: ['Ss'] },
      { op: 'Add', inputs: ['Ss', 'mask'], outputs: ['Sm'] },
      { op: 'Softmax', inputs: ['Sm'], outputs: ['P'], attrs: [{ name: 'axis', int: -1 }] },
      { op: 'MatMul', inputs: ['P', 'V'], outputs: ['O'] },
    ],
  };
}

/** Softmax over the last axis of [rows, cols]. */
export const softmaxGraph = (rows: number, cols: number): GraphDef => ({
  inputs: [{ name: 'X', shape: [rows, cols] }],
  outputs: [{ name: 'Y', shape: [rows, cols] }],
  nodes: [{ op: 'Softmax', inputs: ['X'], outputs: ['Y'], attrs: [{ name: 'axis', int: -1 }] }],
});

/** LayerNormalization (opset 17) over the last axis with scale and bias inputs. */
export const layerNormGraph = (rows: number, cols: number): GraphDef => ({
  inputs: [
    { name: 'X', shape: [rows, cols] },
    { name: 'G', shape: [cols] },
    { name: 'B', shape: [cols] },
  ],
  outputs: [{ name: 'Y', shape: [rows, cols] }],
  nodes: [
    {
      op: 'LayerNormalization',
      inputs: ['X', 'G', 'B'],
      outputs: ['Y'],
      attrs: [
        { name: 'axis', int: -1 },
        { name: 'epsilon', float: 1e-5 },
      ],
    },
  ],
});

/** Transposes a row-major array so output axis d is input axis perm[d] (the NHWC ↔ NCHW and HWIO → OIHW shuffles). */
export function permuteArray(src: Float32Array, shape: number[], perm: number[]): Float32Array<ArrayBuffer> {
  const out = new Float32Array(src.length);
  const outShape = perm.map((p) => shape[p]);
  const srcStrides = stridesOf(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let s = 0;
    for (let d = 0; d < perm.length; d++) s += idx[d] * srcStrides[perm[d]];
    out[o] = src[s];
    for (let d = perm.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}
