// The static-shape graphs the benchmark feeds to ONNX Runtime Web, written as ONNX models with the studio's
// protobuf codec (src/interop/onnx/proto.ts).
import { stridesOf } from '../../kernels/common/shape.mjs';
import { encodeModel as encodeProto, onnx } from '../../src/interop/onnx/proto.ts';

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

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const A = onnx.AttributeProto.AttributeType;

function valueInfo(name: string, shape: number[]): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: shape.map((d) => ({ dimValue: d })) } } } };
}

function attribute(a: Attr): onnx.IAttributeProto {
  if ('int' in a) return { name: a.name, type: A.INT, i: a.int };
  if ('float' in a) return { name: a.name, type: A.FLOAT, f: a.float };
  return { name: a.name, type: A.INTS, ints: a.ints };
}

/** Serialises a float32 graph to ONNX ModelProto bytes (IR version 8, opset 17 of the default domain). */
export function encodeModel(g: GraphDef): Uint8Array {
  return encodeProto({
    irVersion: 8,
    producerName: 'studio-bench',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'bench',
      node: g.nodes.map((n, i) => ({
        input: n.inputs,
        output: n.outputs,
        name: `${n.op}_${i}`,
        opType: n.op,
        attribute: (n.attrs ?? []).map(attribute),
      })),
      initializer: (g.initializers ?? []).map((t) => ({
        dims: t.shape,
        dataType: FLOAT,
        name: t.name,
        rawData: new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength),
      })),
      input: g.inputs.map((v) => valueInfo(v.name, v.shape)),
      output: g.outputs.map((v) => valueInfo(v.name, v.shape)),
    },
  });
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
