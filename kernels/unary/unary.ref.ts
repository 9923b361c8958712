// Plain TypeScript reference of the unary kernel, in float64: the test oracle and the CPU fallback.
import type { UnaryOp } from './unary.ts';

/** erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), the same formula as the WGSL kernel. */
export function erf(v: number): number {
  const s = Math.sign(v);
  const a = Math.abs(v);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1 - poly * Math.exp(-a * a));
}

/** erf as the erf op computes it (unary.wgsl's erf_series): a Maclaurin series below |v| < 0.5, erf beyond. */
export function erfSeries(v: number): number {
  if (!(Math.abs(v) < 0.5)) return erf(v);
  const z = v * v;
  const s = 1 + z * (-1 / 3 + z * (1 / 10 + z * (-1 / 42 + z * (1 / 216 + z * (-1 / 1320)))));
  return (2 / Math.sqrt(Math.PI)) * v * s;
}

const sigmoid = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

/** f(v) for one element. */
export function unaryScalar(op: UnaryOp, v: number, alpha = 0, beta = 0): number {
  switch (op) {
    case 'neg':
      return -v;
    case 'abs':
      return Math.abs(v);
    case 'exp':
      return Math.exp(v);
    case 'log':
      return Math.log(v);
    case 'sqrt':
      return Math.sqrt(v);
    case 'rsqrt':
      return 1 / Math.sqrt(v);
    case 'square':
      return v * v;
    case 'relu':
      return Math.max(v, 0);
    case 'leakyRelu':
      return v > 0 ? v : alpha * v;
    case 'geluTanh':
      return 0.5 * v * (1 + Math.tanh(K * (v + C * v * v * v)));
    case 'geluErf':
      return 0.5 * v * (1 + erf(v / Math.SQRT2));
    case 'sigmoid':
      return sigmoid(v);
    case 'tanh':
      return Math.tanh(v);
    case 'softplus':
      return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    case 'hardSigmoid':
      return Math.max(0, Math.min(1, alpha * v + beta));
    case 'hardSwish':
      // Piecewise, as the kernel: -Inf gives 0 (not -Inf·0 = NaN); NaN falls through to the middle piece.
      return v <= -3 ? 0 : v >= 3 ? v : (v * (v + 3)) / 6;
    case 'erf':
      return erfSeries(v);
    default:
      return op satisfies never;
  }
}

/** f'(v) for one element. */
export function unaryDerivative(op: UnaryOp, v: number, alpha = 0, beta = 0): number {
  switch (op) {
    case 'neg':
      return -1;
    case 'abs':
      return Math.sign(v);
    case 'exp':
      return Math.exp(v);
    case 'log':
      return 1 / v;
    case 'sqrt':
      return 0.5 / Math.sqrt(v);
    case 'rsqrt':
      return -0.5 / (v * Math.sqrt(v));
    case 'square':
      return 2 * v;
    case 'relu':
      return v > 0 ? 1 : 0;
    case 'leakyRelu':
      return v > 0 ? 1 : alpha;
    case 'geluTanh': {
      const t = Math.tanh(K * (v + C * v * v * v));
      return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * C * v * v);
    }
    case 'geluErf':
      return 0.5 * (1 + erf(v / Math.SQRT2)) + (v * Math.exp(-0.5 * v * v)) / Math.sqrt(2 * Math.PI);
    case 'sigmoid': {
      const s = sigmoid(v);
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(v);
      return 1 - t * t;
    }
    case 'softplus':
      return sigmoid(v);
    case 'hardSigmoid': {
      const z = alpha * v + beta;
      return z > 0 && z < 1 ? alpha : 0;
    }
    case 'hardSwish':
      return v <= -3 ? 0 : v >= 3 ? 1 : (2 * v + 3) / 6;
    case 'erf':
      return (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v);
    default:
      return op satisfies never;
  }
}

/** y = f(x). */
export function unaryRef(op: UnaryOp, x: ArrayLike<number>, alpha = 0, beta = 0): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = unaryScalar(op, x[i], alpha, beta);
  return y;
}

/** dx = dy * f'(x). */
export function unaryBackwardRef(
  op: UnaryOp,
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  alpha = 0,
  beta = 0,
): Float64Array {
  const dx = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) dx[i] = dy[i] * unaryDerivative(op, x[i], alpha, beta);
  return dx;
}
