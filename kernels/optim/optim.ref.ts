// Plain TypeScript reference of the optimizer updates (in place on the given arrays).
import type { AdamHyper, SgdHyper } from './optim.ts';

export type { AdamHyper, SgdHyper };

/** One SGD step; `velocity` is required when momentum > 0. */
export function sgdRef(
  param: Float64Array,
  grad: ArrayLike<number>,
  velocity: Float64Array | null,
  h: SgdHyper,
  scale = 1,
): void {
  for (let i = 0; i < param.length; i++) {
    const g = grad[i] * scale + h.weightDecay * param[i];
    if (h.momentum === 0) {
      param[i] -= h.lr * g;
      continue;
    }
    const v = h.momentum * velocity![i] + g;
    velocity![i] = v;
    param[i] -= h.lr * (h.nesterov ? g + h.momentum * v : v);
  }
}

/** One Adam or AdamW step. */
export function adamRef(
  param: Float64Array,
  grad: ArrayLike<number>,
  m: Float64Array,
  v: Float64Array,
  h: AdamHyper,
  scale = 1,
): void {
  const b1 = 1 - h.beta1 ** h.step;
  const b2 = 1 - h.beta2 ** h.step;
  for (let i = 0; i < param.length; i++) {
    let p = param[i];
    let g = grad[i] * scale;
    if (h.decoupled) p -= h.lr * h.weightDecay * p;
    else g += h.weightDecay * p;
    m[i] = h.beta1 * m[i] + (1 - h.beta1) * g;
    v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g;
    param[i] = p - (h.lr * (m[i] / b1)) / (Math.sqrt(v[i] / b2) + h.eps);
  }
}
