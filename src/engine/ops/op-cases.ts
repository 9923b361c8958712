// Test fixture: one or more cases per op in the table, with awkward shapes, shared by the CPU gradient
// checks (Node) and the GPU-vs-reference tests (Chromium). A test asserts every op has a case.
import type { Engine } from '../engine.ts';
import type { Tensor } from '../tensor.ts';
import type { OpName } from './types.ts';
import { UNARY_OPS } from '../../../kernels/unary/unary.ts';
import * as T from './api.ts';
import { normalValues, uniformValues } from '../../../kernels/common/random.mjs';
import { sizeOf } from '../shape.ts';

/** How to fill an input. */
export type InputKind = 'normal' | 'positive' | { index: number } | 'mask';

export interface InputSpec {
  shape: number[];
  kind?: InputKind;
}

export interface OpCase {
  op: OpName;
  name: string;
  /** Inputs at full (GPU test) size. */
  inputs: InputSpec[];
  /** Smaller inputs for the finite-difference gradient check (defaults to `inputs`). */
  small?: InputSpec[];
  run: (...xs: Tensor[]) => Tensor;
  /** False for ops without a gradient (comparisons, argmax). */
  differentiable?: boolean;
}

/** Seeded values for an input spec. */
export function inputValues(spec: InputSpec, seed: number): Float32Array | Int32Array {
  const n = sizeOf(spec.shape);
  const kind = spec.kind ?? 'normal';
  if (kind === 'positive') return uniformValues(n, seed, 0.2, 3);
  if (kind === 'mask') return uniformValues(n, seed).map((v) => (v > 0.5 ? 1 : 0));
  if (typeof kind === 'object') return Int32Array.from(uniformValues(n, seed), (v) => Math.floor(v * kind.index));
  return normalValues(n, seed);
}

/** Creates the input tensors of a case on an engine. */
export function makeInputs(e: Engine, specs: InputSpec[], seed = 1): Tensor[] {
  return specs.map((s, i) => e.tensor(inputValues(s, seed + i * 101), s.shape));
}

const positive = new Set(['log', 'sqrt', 'rsqrt']);
const big = [
  [1, 1, 1],
  [17, 33],
  [3, 65, 129],
];

function unaryCases(): OpCase[] {
  return UNARY_OPS.flatMap((op) =>
    big.map((shape) => ({
      op,
      name: `${op} [${shape.join(',')}]`,
      inputs: [{ shape, kind: positive.has(op) ? ('positive' as const) : ('normal' as const) }],
      small: [{ shape: [2, 3], kind: positive.has(op) ? ('positive' as const) : ('normal' as const) }],
      run: (x: Tensor) =>
        op === 'leakyRelu'
          ? T.leakyRelu(x, 0.1)
          : op === 'hardSigmoid'
            ? T.hardSigmoid(x, 0.3, 0.4)
            : op === 'geluTanh'
              ? T.gelu(x)
              : op === 'geluErf'
                ? T.gelu(x, true)
                : (T as unknown as Record<string, (x: Tensor) => Tensor>)[op](x),
    })),
  );
}

const pairs: [number[], number[], number[], number[]][] = [
  // [a, b] full size, then [a, b] for gradcheck
  [
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
  ],
  [[17, 33], [33], [3, 4], [4]],
  [
    [3, 1, 129],
    [65, 1],
    [2, 1, 3],
    [4, 1],
  ],
  [[1], [4, 5], [1], [2, 3]],
];

function binaryCases(): OpCase[] {
  const ops = [
    'add',
    'sub',
    'mul',
    'div',
    'pow',
    'maximum',
    'minimum',
    'equal',
    'notEqual',
    'less',
    'lessEqual',
    'greater',
    'greaterEqual',
  ] as const;
  return ops.flatMap((op) =>
    pairs.map(([a, b, sa, sb]) => {
      const kindA: InputKind = op === 'pow' ? 'positive' : 'normal';
      const kindB: InputKind = op === 'div' ? 'positive' : 'normal';
      return {
        op,
        name: `${op} [${a}] ⊕ [${b}]`,
        inputs: [
          { shape: a, kind: kindA },
          { shape: b, kind: kindB },
        ],
        small: [
          { shape: sa, kind: kindA },
          { shape: sb, kind: kindB },
        ],
        run: (x: Tensor, y: Tensor) => (T as unknown as Record<string, (x: Tensor, y: Tensor) => Tensor>)[op](x, y),
        differentiable: !['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'].includes(op),
      };
    }),
  );
}

export const OP_CASES: OpCase[] = [
  ...unaryCases(),
  ...binaryCases(),
  {
    op: 'where',
    name: 'where [17,33] mask [17,1]',
    inputs: [{ shape: [17, 1], kind: 'mask' }, { shape: [17, 33] }, { shape: [33] }],
    small: [{ shape: [3, 1], kind: 'mask' }, { shape: [3, 4] }, { shape: [4] }],
    run: (c, a, b) => T.where(c, a, b),
  },
  {
    op: 'where',
    name: 'where [1,1,1]',
    inputs: [{ shape: [1, 1, 1], kind: 'mask' }, { shape: [1, 1, 1] }, { shape: [1, 1, 1] }],
    run: (c, a, b) => T.where(c, a, b),
  },
  {
    op: 'sum',
    name: 'sum all [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.sum(x),
  },
  {
    op: 'sum',
    name: 'sum axes [0,2] keepDims [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.sum(x, [0, 2], true),
  },
  {
    op: 'sum',
    name: 'sum axis 1 [17,33]',
    inputs: [{ shape: [17, 33] }],
    small: [{ shape: [3, 4] }],
    run: (x) => T.sum(x, 1),
  },
  { op: 'sum', name: 'sum [1,1,1]', inputs: [{ shape: [1, 1, 1] }], run: (x) => T.sum(x, [1]) },
  {
    op: 'mean',
    name: 'mean axis 0 [17,33]',
    inputs: [{ shape: [17, 33] }],
    small: [{ shape: [3, 4] }],
    run: (x) => T.mean(x, 0),
  },
  {
    op: 'mean',
    name: 'variance axis -1 [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.variance(x, -1, true),
  },
  {
    op: 'max',
    name: 'max axis 1 [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.max(x, 1),
  },
  {
    op: 'max',
    name: 'max all [17,33]',
    inputs: [{ shape: [17, 33] }],
    small: [{ shape: [3, 4] }],
    run: (x) => T.max(x),
  },
  {
    op: 'min',
    name: 'min axes [0,1] [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.min(x, [0, 1]),
  },
  {
    op: 'argmax',
    name: 'argmax axis 0 [17,33]',
    inputs: [{ shape: [17, 33] }],
    run: (x) => T.argmax(x, 0),
    differentiable: false,
  },
  {
    op: 'argmax',
    name: 'argmax axis -1 [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }],
    run: (x) => T.argmax(x, -1, true),
    differentiable: false,
  },
  {
    op: 'reshape',
    name: 'reshape [3,65,129] → [195,-1]',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.mul(T.reshape(x, [x.shape[0] * x.shape[1], -1]), 2),
  },
  {
    op: 'permute',
    name: 'permute [3,65,129] (2,0,1)',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.permute(x, [2, 0, 1]),
  },
  {
    op: 'permute',
    name: 'transpose [17,33]',
    inputs: [{ shape: [17, 33] }],
    small: [{ shape: [3, 4] }],
    run: (x) => T.transpose(x),
  },
  {
    op: 'slice',
    name: 'slice [17,33]',
    inputs: [{ shape: [17, 33] }],
    small: [{ shape: [4, 5] }],
    run: (x) => T.slice(x, [1, 2], [x.shape[0] - 2, -1]),
  },
  {
    op: 'slice',
    name: 'slice [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }],
    small: [{ shape: [2, 3, 4] }],
    run: (x) => T.slice(x, [1, 0, 1], [1, -1, x.shape[2] - 2]),
  },
  {
    op: 'concat',
    name: 'concat axis 1',
    inputs: [{ shape: [17, 33] }, { shape: [17, 1] }, { shape: [17, 5] }],
    small: [{ shape: [3, 2] }, { shape: [3, 1] }, { shape: [3, 3] }],
    run: (a, b, c) => T.concat([a, b, c], 1),
  },
  {
    op: 'concat',
    name: 'concat axis 0 [1,1,1]',
    inputs: [{ shape: [1, 1, 1] }, { shape: [2, 1, 1] }],
    run: (a, b) => T.concat([a, b], 0),
  },
  {
    op: 'pad',
    name: 'pad [17,33]',
    inputs: [{ shape: [17, 33] }],
    small: [{ shape: [3, 4] }],
    run: (x) =>
      T.pad(
        x,
        [
          [1, 2],
          [0, 3],
        ],
        0.5,
      ),
  },
  {
    op: 'broadcastTo',
    name: 'broadcastTo [65,1] → [3,65,129]',
    inputs: [{ shape: [65, 1] }],
    small: [{ shape: [3, 1] }],
    run: (x) => T.broadcastTo(x, [2, x.shape[0], 5]),
  },
  {
    op: 'gather',
    name: 'gather axis 0 [17,33] by [2,5]',
    inputs: [{ shape: [17, 33] }, { shape: [2, 5], kind: { index: 17 } }],
    small: [{ shape: [4, 3] }, { shape: [2, 3], kind: { index: 4 } }],
    run: (x, i) => T.gather(x, i, 0),
  },
  {
    op: 'gather',
    name: 'gather axis 1 [3,65,129]',
    inputs: [{ shape: [3, 65, 129] }, { shape: [7], kind: { index: 65 } }],
    small: [{ shape: [2, 3, 2] }, { shape: [4], kind: { index: 3 } }],
    run: (x, i) => T.gather(x, i, 1),
  },
  ...matmulCases(),
  ...deepCases(),
];

function deepCases(): OpCase[] {
  return [
    {
      op: 'conv2d',
      name: 'conv2d same stride 2 + bias + relu',
      inputs: [{ shape: [2, 9, 8, 3] }, { shape: [3, 3, 3, 5] }, { shape: [5] }],
      small: [{ shape: [1, 4, 3, 2] }, { shape: [2, 2, 2, 3] }, { shape: [3] }],
      run: (x, w, b) => T.conv2d(x, w, { strides: 2, padding: 'same', bias: b, activation: 'relu' }),
    },
    {
      op: 'conv2d',
      name: 'conv2d valid dilation 2 + tanh',
      inputs: [{ shape: [1, 11, 10, 2] }, { shape: [3, 3, 2, 4] }, { shape: [4] }],
      small: [{ shape: [1, 5, 5, 1] }, { shape: [2, 2, 1, 2] }, { shape: [2] }],
      run: (x, w, b) => T.conv2d(x, w, { dilations: 2, bias: b, activation: 'tanh' }),
    },
    {
      op: 'conv2d',
      name: 'conv2d groups 2, explicit padding',
      inputs: [{ shape: [2, 6, 7, 4] }, { shape: [3, 2, 2, 6] }],
      small: [{ shape: [1, 3, 3, 2] }, { shape: [2, 2, 1, 2] }],
      run: (x, w) => T.conv2d(x, w, { groups: 2, padding: [1, 0, 2, 1] }),
    },
    {
      op: 'conv2d',
      name: 'conv2d depthwise',
      inputs: [{ shape: [1, 8, 6, 5] }, { shape: [3, 3, 1, 5] }],
      small: [{ shape: [1, 3, 3, 2] }, { shape: [2, 2, 1, 2] }],
      run: (x, w) => T.conv2d(x, w, { groups: x.shape[3], padding: 'same' }),
    },
    {
      op: 'convTranspose2d',
      name: 'convTranspose2d kernel 2 stride 2 + bias',
      inputs: [{ shape: [2, 5, 7, 6] }, { shape: [2, 2, 3, 6] }, { shape: [3] }],
      small: [{ shape: [1, 2, 3, 2] }, { shape: [2, 2, 3, 2] }, { shape: [3] }],
      run: (x, w, b) => T.convTranspose2d(x, w, { strides: 2, bias: b }),
    },
    {
      op: 'convTranspose2d',
      name: 'convTranspose2d 3x3 stride 2, pads, output padding, dilation, groups 2',
      inputs: [{ shape: [1, 4, 5, 4] }, { shape: [3, 3, 3, 4] }],
      small: [{ shape: [1, 2, 3, 2] }, { shape: [3, 2, 1, 2] }],
      run: (x, w) =>
        T.convTranspose2d(x, w, {
          strides: [2, 1],
          padding: [1, 0, 2, 1],
          outputPadding: [1, 0],
          dilations: [1, 2],
          groups: 2,
        }),
    },
    {
      op: 'convTranspose2d',
      name: 'convTranspose2d [1,1,1,1]',
      inputs: [{ shape: [1, 1, 1, 1] }, { shape: [1, 1, 1, 1] }, { shape: [1] }],
      run: (x, w, b) => T.convTranspose2d(x, w, { bias: b }),
    },
    {
      op: 'maxPool2d',
      name: 'maxPool2d 2x2 on [2,28,28,3]',
      inputs: [{ shape: [2, 28, 28, 3] }],
      small: [{ shape: [1, 4, 4, 2] }],
      run: (x) => T.maxPool2d(x, { size: 2 }),
    },
    {
      op: 'maxPool2d',
      name: 'maxPool2d 3x3 stride 2 same',
      inputs: [{ shape: [1, 7, 9, 2] }],
      small: [{ shape: [1, 5, 4, 1] }],
      run: (x) => T.maxPool2d(x, { size: 3, strides: 2, padding: 'same' }),
    },
    {
      op: 'resize2d',
      name: 'resize2d nearest [2,3,5,3] → 7x4',
      inputs: [{ shape: [2, 3, 5, 3] }],
      small: [{ shape: [1, 2, 3, 2] }],
      run: (x) => T.resize2d(x, [x.shape[1] * 2 + 1, 4]),
    },
    {
      op: 'resize2d',
      name: 'resize2d bilinear [1,1,1,2] → 3x2 and [2,5,6,3] → 8x3',
      inputs: [{ shape: [2, 5, 6, 3] }],
      small: [{ shape: [1, 3, 2, 2] }],
      run: (x) =>
        T.add(
          T.resize2d(x, [8, 3], { mode: 'bilinear' }),
          T.sum(T.resize2d(T.slice(x, [0, 0, 0, 0], [1, 1, 1, 2]), [3, 2], { mode: 'bilinear' })),
        ),
    },
    {
      op: 'resize2d',
      name: 'resize2d nearest scales ×2 half_pixel round_prefer_floor (ONNX defaults) [2,3,5,3]',
      inputs: [{ shape: [2, 3, 5, 3] }],
      small: [{ shape: [1, 2, 3, 2] }],
      run: (x) =>
        T.resize2d(x, { scales: [2, 2] }, { coordinateTransform: 'half_pixel', nearestMode: 'round_prefer_floor' }),
    },
    {
      op: 'resize2d',
      name: 'resize2d nearest 3x5 → 7x3 tf_half_pixel_for_nn ceil, [1,1,1,1] → 2x3 align_corners round_prefer_ceil',
      inputs: [{ shape: [1, 3, 5, 2] }],
      small: [{ shape: [1, 3, 2, 2] }],
      run: (x) =>
        T.add(
          T.resize2d(x, [7, 3], { coordinateTransform: 'tf_half_pixel_for_nn', nearestMode: 'ceil' }),
          T.sum(
            T.resize2d(T.slice(x, [0, 0, 0, 0], [1, 1, 1, 1]), [2, 3], {
              coordinateTransform: 'align_corners',
              nearestMode: 'round_prefer_ceil',
            }),
          ),
        ),
    },
    {
      op: 'resize2d',
      name: 'resize2d bilinear align_corners 5x6 → 8x4, pytorch_half_pixel scales [0.5, 1.5]',
      inputs: [{ shape: [2, 5, 6, 3] }],
      small: [{ shape: [1, 4, 2, 2] }],
      run: (x) =>
        T.add(
          T.sum(T.resize2d(x, [8, 4], { mode: 'bilinear', coordinateTransform: 'align_corners' })),
          T.sum(T.resize2d(x, { scales: [0.5, 1.5] }, { mode: 'bilinear', coordinateTransform: 'pytorch_half_pixel' })),
        ),
    },
    {
      op: 'resize2d',
      name: 'resize2d bilinear asymmetric 3x4 → 7x9',
      inputs: [{ shape: [1, 3, 4, 5] }],
      small: [{ shape: [1, 2, 3, 1] }],
      run: (x) => T.resize2d(x, [7, 9], { mode: 'bilinear', coordinateTransform: 'asymmetric' }),
    },
    {
      op: 'avgPool2d',
      name: 'avgPool2d 3x3 stride 2 same',
      inputs: [{ shape: [2, 7, 9, 3] }],
      small: [{ shape: [1, 5, 4, 2] }],
      run: (x) => T.avgPool2d(x, { size: 3, strides: 2, padding: 'same' }),
    },
    {
      op: 'maxPool2d',
      name: 'maxPool2d 3x3 dilation 2 stride 2, pads 1, ceil mode',
      inputs: [{ shape: [2, 9, 8, 3] }],
      small: [{ shape: [1, 5, 6, 1] }],
      run: (x) => T.maxPool2d(x, { size: 3, strides: 2, dilations: 2, padding: 1, ceilMode: true }),
    },
    {
      op: 'avgPool2d',
      name: 'avgPool2d 3x2 stride 2, pads [1,1,0,1], ceil mode, count_include_pad',
      inputs: [{ shape: [2, 6, 7, 3] }],
      small: [{ shape: [1, 4, 5, 2] }],
      run: (x) =>
        T.avgPool2d(x, { size: [3, 2], strides: 2, padding: [1, 1, 0, 1], ceilMode: true, countIncludePad: true }),
    },
    {
      op: 'avgPool2d',
      name: 'avgPool2d 2x2 dilation (2,1) pads 1 count_include_pad on [1,3,2,1]',
      inputs: [{ shape: [1, 3, 2, 1] }],
      run: (x) => T.avgPool2d(x, { size: 2, strides: 1, dilations: [2, 1], padding: 1, countIncludePad: true }),
    },
    {
      op: 'mean',
      name: 'globalAvgPool2d',
      inputs: [{ shape: [2, 5, 6, 7] }],
      small: [{ shape: [2, 2, 3, 2] }],
      run: (x) => T.globalAvgPool2d(x),
    },
    {
      op: 'softmax',
      name: 'softmax [17,33]',
      inputs: [{ shape: [17, 33] }],
      small: [{ shape: [3, 4] }],
      run: (x) => T.softmax(x),
    },
    {
      op: 'softmax',
      name: 'softmax [3,5,1000]',
      inputs: [{ shape: [3, 5, 1000] }],
      small: [{ shape: [2, 1, 5] }],
      run: (x) => T.softmax(x),
    },
    {
      op: 'logSoftmax',
      name: 'logSoftmax [17,33]',
      inputs: [{ shape: [17, 33] }],
      small: [{ shape: [3, 4] }],
      run: (x) => T.logSoftmax(x),
    },
    {
      op: 'layerNorm',
      name: 'layerNorm [3,17,65]',
      inputs: [{ shape: [3, 17, 65] }, { shape: [65] }, { shape: [65] }],
      small: [{ shape: [2, 3, 4] }, { shape: [4] }, { shape: [4] }],
      run: (x, g, b) => T.layerNorm(x, g, b),
    },
    {
      op: 'softmaxCrossEntropy',
      name: 'softmaxCrossEntropy mean, smoothing 0.1, ignored rows',
      inputs: [{ shape: [33, 10] }, { shape: [33], kind: { index: 11 } }],
      small: [{ shape: [5, 4] }, { shape: [5], kind: { index: 5 } }],
      run: (x, l) => T.softmaxCrossEntropy(x, l, { smoothing: 0.1, ignoreIndex: x.shape[1] }),
    },
    {
      op: 'softmaxCrossEntropy',
      name: 'softmaxCrossEntropy per row [2,3,7]',
      inputs: [{ shape: [2, 3, 7] }, { shape: [2, 3], kind: { index: 7 } }],
      small: [{ shape: [2, 2, 3] }, { shape: [2, 2], kind: { index: 3 } }],
      run: (x, l) => T.softmaxCrossEntropy(x, l, { reduction: 'none' }),
    },
    {
      op: 'bceWithLogits',
      name: 'bceWithLogits',
      inputs: [{ shape: [17, 33] }, { shape: [17, 33], kind: 'mask' }],
      small: [{ shape: [3, 4] }, { shape: [3, 4], kind: 'mask' }],
      run: (x, y) => T.bceWithLogits(x, y),
    },
    {
      op: 'dropout',
      name: 'dropout p=0.3',
      inputs: [{ shape: [17, 33] }],
      small: [{ shape: [3, 4] }],
      run: (x) => T.dropout(x, 0.3, 1234),
    },
    {
      op: 'attention',
      name: 'attention causal [2,2,17,8]',
      inputs: [{ shape: [2, 2, 17, 8] }, { shape: [2, 2, 17, 8] }, { shape: [2, 2, 17, 8] }],
      small: [{ shape: [1, 2, 3, 2] }, { shape: [1, 2, 3, 2] }, { shape: [1, 2, 3, 2] }],
      run: (q, k, v) => T.attention(q, k, v, { causal: true }),
    },
    {
      op: 'attention',
      name: 'attention with key lengths [2,1,33,16]',
      inputs: [
        { shape: [2, 1, 33, 16] },
        { shape: [2, 1, 33, 16] },
        { shape: [2, 1, 33, 16] },
        { shape: [2], kind: { index: 33 } },
      ],
      small: [
        { shape: [2, 1, 4, 2] },
        { shape: [2, 1, 4, 2] },
        { shape: [2, 1, 4, 2] },
        { shape: [2], kind: { index: 4 } },
      ],
      run: (q, k, v, lens) => T.attention(q, k, v, { lens }),
    },
    {
      op: 'lstmCell',
      name: 'lstmCell [5, 4×17]',
      inputs: [{ shape: [5, 68] }, { shape: [5, 68] }, { shape: [5, 34] }],
      small: [{ shape: [2, 12] }, { shape: [2, 12] }, { shape: [2, 6] }],
      run: (xt, hr, s) => T.lstmCell(xt, hr, s),
    },
    {
      op: 'lstmCell',
      name: 'lstmCell [1, 4×1]',
      inputs: [{ shape: [1, 4] }, { shape: [1, 4] }, { shape: [1, 2] }],
      run: (xt, hr, s) => T.lstmCell(xt, hr, s),
    },
    {
      op: 'gruCell',
      name: 'gruCell [7, 3×33]',
      inputs: [{ shape: [7, 99] }, { shape: [7, 99] }, { shape: [7, 33] }],
      small: [{ shape: [2, 9] }, { shape: [2, 9] }, { shape: [2, 3] }],
      run: (xt, hr, h) => T.gruCell(xt, hr, h),
    },
    {
      op: 'gruCell',
      name: 'gruCell [1, 3×1]',
      inputs: [{ shape: [1, 3] }, { shape: [1, 3] }, { shape: [1, 1] }],
      run: (xt, hr, h) => T.gruCell(xt, hr, h),
    },
    {
      op: 'mean',
      name: 'mse',
      inputs: [{ shape: [17, 33] }, { shape: [17, 33] }],
      small: [{ shape: [3, 4] }, { shape: [3, 4] }],
      run: (a, b) => T.mse(a, b),
    },
    {
      op: 'mean',
      name: 'batchNorm (training) [4,3,3,5]',
      inputs: [{ shape: [4, 3, 3, 5] }, { shape: [5] }, { shape: [5] }],
      small: [{ shape: [3, 2, 1, 2] }, { shape: [2] }, { shape: [2] }],
      run: (x, g, b) =>
        T.batchNorm(x, g, b, { mean: x.engine.zeros([g.size]), variance: x.engine.ones([g.size]) }, { training: true }),
    },
    {
      op: 'cast',
      name: 'cast i32 → f32',
      inputs: [{ shape: [17, 3], kind: { index: 1000 } }],
      run: (x) => T.cast(x, 'f32'),
      differentiable: false,
    },
  ];
}

function matmulCases(): OpCase[] {
  const cases: OpCase[] = [];
  for (const transA of [false, true])
    for (const transB of [false, true]) {
      const [m, k, n] = [17, 65, 33];
      const [sm, sk, sn] = [3, 4, 2];
      const sh = (r: number, c: number, t: boolean) => (t ? [c, r] : [r, c]);
      cases.push({
        op: 'matmul',
        name: `matmul ${m}x${k}${transA ? 'ᵀ' : ''} · ${k}x${n}${transB ? 'ᵀ' : ''}`,
        inputs: [{ shape: sh(m, k, transA) }, { shape: sh(k, n, transB) }],
        small: [{ shape: sh(sm, sk, transA) }, { shape: sh(sk, sn, transB) }],
        run: (a, b) => T.matmul(a, b, { transA, transB }),
      });
    }
  cases.push({
    op: 'matmul',
    name: 'matmul batch broadcast [3,1,5,7] · [4,7,6]',
    inputs: [{ shape: [3, 1, 5, 7] }, { shape: [4, 7, 6] }],
    small: [{ shape: [2, 1, 2, 3] }, { shape: [2, 3, 2] }],
    run: (a, b) => T.matmul(a, b),
  });
  cases.push({
    op: 'matmul',
    name: 'matmul [1,1]·[1,1]',
    inputs: [{ shape: [1, 1] }, { shape: [1, 1] }],
    run: (a, b) => T.matmul(a, b),
  });
  for (const activation of ['relu', 'geluTanh', 'sigmoid', 'tanh', 'geluErf', 'none'] as const) {
    cases.push({
      op: 'matmul',
      name: `matmul + bias + ${activation}`,
      inputs: [{ shape: [19, 23] }, { shape: [23, 37] }, { shape: [37] }],
      small: [{ shape: [3, 4] }, { shape: [4, 2] }, { shape: [2] }],
      run: (a, b, bias) => T.matmul(a, b, { bias, activation }),
    });
  }
  return cases;
}
