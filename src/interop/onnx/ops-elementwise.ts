// ONNX elementwise ops onto the engine: activations, arithmetic with broadcasting, Clip, Where, Cast. All-host inputs
// are computed on the CPU (shape arithmetic, integer tensors, folding); NHWC-tagged operands stay NHWC.
import type { Tensor } from '../../engine/tensor.ts';
import * as E from '../../engine/ops/api.ts';
import { UnsupportedModelError } from '../errors.ts';
import { castH, isInt, mapN } from './host-ops.ts';
import { kindOf, type ElemKind, type HVal } from './tensor-proto.ts';
import { isHost, kindOfVal, shapeOf, type Ctx, type OpFn, type Val } from './values.ts';

const erfHost = (x: number) => {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): host values are shape arithmetic and folded constants.
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const p = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const y = 1 - p * Math.exp(-a * a);
  return x < 0 ? -y : y;
};

type Unary = { host: (x: number) => number; dev: (x: Tensor) => Tensor };
function unaries(a: {
  f: (n: string, d: number) => number;
  s: (n: string, d: string) => string;
}): Record<string, Unary> {
  const alpha = a.f('alpha', 0.01);
  const hsA = a.f('alpha', 0.2);
  const hsB = a.f('beta', 0.5);
  return {
    Relu: { host: (x) => Math.max(0, x), dev: E.relu },
    LeakyRelu: { host: (x) => (x < 0 ? alpha * x : x), dev: (x) => E.leakyRelu(x, alpha) },
    Sigmoid: { host: (x) => 1 / (1 + Math.exp(-x)), dev: E.sigmoid },
    Tanh: { host: Math.tanh, dev: E.tanh },
    Sqrt: { host: Math.sqrt, dev: E.sqrt },
    Exp: { host: Math.exp, dev: E.exp },
    Log: { host: Math.log, dev: E.log },
    Neg: { host: (x) => -x, dev: E.neg },
    Abs: { host: Math.abs, dev: E.abs },
    Reciprocal: { host: (x) => 1 / x, dev: (x) => E.div(1, x) },
    Erf: { host: erfHost, dev: E.erf },
    Gelu: {
      host: (x) =>
        a.s('approximate', 'none') === 'tanh'
          ? 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))
          : 0.5 * x * (1 + erfHost(x / Math.SQRT2)),
      dev: (x) => E.gelu(x, a.s('approximate', 'none') !== 'tanh'),
    },
    HardSigmoid: { host: (x) => Math.min(1, Math.max(0, hsA * x + hsB)), dev: (x) => E.hardSigmoid(x, hsA, hsB) },
    HardSwish: {
      host: (x) => x * Math.min(1, Math.max(0, x / 6 + 0.5)),
      dev: E.hardSwish,
    },
  };
}

/** The ONNX unary activations this module maps. */
export const UNARY_OPS = [
  'Relu',
  'LeakyRelu',
  'Sigmoid',
  'Tanh',
  'Sqrt',
  'Exp',
  'Log',
  'Neg',
  'Abs',
  'Reciprocal',
  'Erf',
  'Gelu',
  'HardSigmoid',
  'HardSwish',
];

const unaryOp =
  (name: string): OpFn =>
  (c, a, [x]) => {
    const u = unaries(a)[name];
    if (isHost(x!)) return [{ host: mapN(name, x.host.type, [x.host], u.host) }];
    return [c.out(u.dev(x!.dev), x!.type, x!.nhwc)];
  };

/**
 * Runs a broadcasting op on device operands. When some operand is an NHWC feature map and the result is rank 4, every
 * operand is brought to NHWC (constants are transposed once on the host and cached), so no permute is emitted.
 */
export function broadcastDev(c: Ctx, xs: Val[], f: (...t: Tensor[]) => Tensor, type: ElemKind): Val {
  const rank = Math.max(...xs.map((x) => shapeOf(x).length));
  const nhwc = rank === 4 && xs.some((x) => !isHost(x) && x.nhwc);
  const ts = xs.map((x) => (nhwc ? c.nhwc(x) : c.dev(x)));
  return c.out(f(...ts), type, nhwc);
}

type Binary = { host: (a: number, b: number) => number; dev: (a: Tensor, b: Tensor) => Tensor };
const BINARY: Record<string, Binary> = {
  Add: { host: (a, b) => a + b, dev: E.add },
  Sub: { host: (a, b) => a - b, dev: E.sub },
  Mul: { host: (a, b) => a * b, dev: E.mul },
  Div: { host: (a, b) => a / b, dev: E.div },
  Pow: { host: (a, b) => a ** b, dev: E.pow },
  Max: { host: Math.max, dev: E.maximum },
  Min: { host: Math.min, dev: E.minimum },
  Equal: { host: (a, b) => +(a === b), dev: E.equal },
  Less: { host: (a, b) => +(a < b), dev: E.less },
  Greater: { host: (a, b) => +(a > b), dev: E.greater },
  LessOrEqual: { host: (a, b) => +(a <= b), dev: E.lessEqual },
  GreaterOrEqual: { host: (a, b) => +(a >= b), dev: E.greaterEqual },
};
export const BINARY_OPS = Object.keys(BINARY);
const COMPARISONS = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual']);

const binaryOp =
  (name: string): OpFn =>
  (c, _a, ins) => {
    const xs = ins as Val[];
    const b = BINARY[name];
    // Pow's result has the base's type; comparisons give bool; the rest need both operands of one type.
    const type: ElemKind = COMPARISONS.has(name) ? 'bool' : kindOfVal(xs[0]);
    if (xs.every(isHost)) {
      const hs = xs.map((x) => (x as { host: HVal }).host);
      const intDiv = name === 'Div' && isInt(type);
      return [{ host: mapN(name, type, hs, intDiv ? (p, q) => Math.trunc(p / q) : b.host) }];
    }
    return [broadcastDev(c, xs, b.dev, type)];
  };

/** Variadic Max/Min/Sum/Mean fold pairwise. */
const variadic =
  (name: 'Max' | 'Min' | 'Sum' | 'Mean'): OpFn =>
  (c, a, ins) => {
    const xs = ins as Val[];
    const pair = binaryOp(name === 'Sum' || name === 'Mean' ? 'Add' : name);
    let acc = xs[0];
    for (const x of xs.slice(1)) acc = pair(c, a, [acc, x], 1)[0];
    if (name === 'Mean')
      acc = binaryOp('Div')(
        c,
        a,
        [acc, { host: { type: 'float32', shape: [], data: Float64Array.of(xs.length) } }],
        1,
      )[0];
    return [acc];
  };

const scalar = (v: number): Val => ({ host: { type: 'float32', shape: [], data: Float64Array.of(v) } });

const clip: OpFn = (c, a, [x, lo, hi]) => {
  // Before opset 11 the bounds are attributes; from 11 they are optional inputs.
  const min = c.opset < 11 ? scalar(a.f('min', -3.4028234663852886e38)) : lo;
  const max = c.opset < 11 ? scalar(a.f('max', 3.4028234663852886e38)) : hi;
  let y = x!;
  const type = kindOfVal(x!);
  if (min) y = binaryOp('Max')(c, a, [y, isHost(min) ? { host: castH(min.host, type) } : min], 1)[0];
  if (max) y = binaryOp('Min')(c, a, [y, isHost(max) ? { host: castH(max.host, type) } : max], 1)[0];
  return [y];
};

const where: OpFn = (c, _a, [cond, x, y]) => {
  const type = kindOfVal(x!);
  if (isHost(cond!) && isHost(x!) && isHost(y!))
    return [{ host: mapN('Where', type, [cond.host, x.host, y.host], (k, p, q) => (k ? p : q)) }];
  return [broadcastDev(c, [cond!, x!, y!], (k, p, q) => E.where(k, p, q), type)];
};

const castOp: OpFn = (c, a, [x]) => {
  const to = kindOf(a.i('to', 1), 'Cast target');
  if (isHost(x!)) return [{ host: castH(x.host, to) }];
  if (to === 'bool') return [c.out(E.notEqual(x!.dev, 0), 'bool', x!.nhwc)];
  return [c.out(x!.dev, to, x!.nhwc)];
};

const identity: OpFn = (_c, _a, [x]) => [x!];

const dropout: OpFn = (c, a, [x, , training], nOut) => {
  if (c.opset < 7 && a.i('is_test', 0) === 0)
    throw new UnsupportedModelError(
      'Dropout: this model runs it in training mode (is_test=0); export the model for inference.',
      ['Dropout(is_test=0)'],
    );
  if (training && (!isHost(training) || training.host.data[0]))
    throw new UnsupportedModelError('Dropout: training_mode is on; the studio runs models for inference only.', [
      'Dropout(training_mode=1)',
    ]);
  if (nOut < 2) return [x!];
  const shape = shapeOf(x!);
  return [x!, { host: { type: 'bool', shape, data: new Float64Array(shape.reduce((p, q) => p * q, 1)).fill(1) } }];
};

/** Elementwise op table. */
export const ELEMENTWISE_OPS: Record<string, OpFn> = {
  ...Object.fromEntries(UNARY_OPS.map((n) => [n, unaryOp(n)])),
  ...Object.fromEntries(BINARY_OPS.map((n) => [n, binaryOp(n)])),
  Max: variadic('Max'),
  Min: variadic('Min'),
  Sum: variadic('Sum'),
  Mean: variadic('Mean'),
  Clip: clip,
  Where: where,
  Cast: castOp,
  Identity: identity,
  Dropout: dropout,
};
