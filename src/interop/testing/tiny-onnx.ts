// Tiny ONNX classifiers written with our own encoder, for the importer, the models worker and the e2e flow: a
// 4-feature (or 2×2-picture) input, Gemm with fixed weights, Relu, then Softmax (ours) or Hardmax (an op the
// studio's engine is not meant to run, so onnxruntime-web runs it). Their answers are computed here by hand.
import { encodeModel, type onnx } from '../onnx/proto.ts';

/** Gemm weights (3 classes × 4 features, used as transB) and bias. */
export const TINY_W = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1];
export const TINY_B = [0.1, 0, -0.1];

export interface TinyOptions {
  /** 'softmax' ends in Softmax; 'hardmax' in Hardmax (a one-hot of the best class). */
  head?: 'softmax' | 'hardmax';
  /** 'vector': input x [batch, 4]; 'image': x [1, 1, 2, 2] (NCHW), flattened before Gemm. */
  input?: 'vector' | 'image';
  labels?: string[];
}

/** The tiny classifier's file. */
export function tinyOnnx({ head = 'softmax', input = 'vector', labels }: TinyOptions = {}): Uint8Array {
  const image = input === 'image';
  const x = image ? 'pixels' : 'x';
  const node: onnx.INodeProto[] = [
    ...(image
      ? [{ opType: 'Flatten', input: [x], output: ['flat'], attribute: [{ name: 'axis', type: 2, i: 1 }] }]
      : []),
    {
      opType: 'Gemm',
      input: [image ? 'flat' : x, 'W', 'B'],
      output: ['g'],
      attribute: [{ name: 'transB', type: 2, i: 1 }],
    },
    { opType: 'Relu', input: ['g'], output: ['r'] },
    {
      opType: head === 'softmax' ? 'Softmax' : 'Hardmax',
      input: ['r'],
      output: ['y'],
      attribute: [{ name: 'axis', type: 2, i: -1 }],
    },
  ];
  const dims = image
    ? [{ dimValue: 1 }, { dimValue: 1 }, { dimValue: 2 }, { dimValue: 2 }]
    : [{ dimParam: 'batch' }, { dimValue: 4 }];
  return encodeModel({
    irVersion: 8,
    producerName: 'dl-studio tests',
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: labels ? [{ key: 'labels', value: JSON.stringify(labels) }] : [],
    graph: {
      name: 'tiny',
      node,
      initializer: [
        { name: 'W', dims: [3, 4], dataType: 1, floatData: TINY_W },
        { name: 'B', dims: [3], dataType: 1, floatData: TINY_B },
      ],
      input: [{ name: x, type: { tensorType: { elemType: 1, shape: { dim: dims } } } }],
      output: [{ name: 'y', type: { tensorType: { elemType: 1, shape: { dim: [dims[0], { dimValue: 3 }] } } } }],
    },
  });
}

/** What the tiny classifier answers for one row of 4 features (the reference the tests compare with). */
export function tinyExpected(x: ArrayLike<number>, head: 'softmax' | 'hardmax' = 'softmax'): number[] {
  const r = [0, 1, 2].map((c) =>
    Math.max(0, TINY_B[c] + [0, 1, 2, 3].reduce((a, k) => a + TINY_W[c * 4 + k] * x[k], 0)),
  );
  if (head === 'hardmax') return r.map((v, i) => (i === r.indexOf(Math.max(...r)) ? 1 : 0));
  const e = r.map((v) => Math.exp(v - Math.max(...r)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
