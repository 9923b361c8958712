// Optimizers that update parameters in place with one fused kernel per parameter (SGD with momentum or
// Nesterov, Adam, AdamW), and gradient clipping by global norm that stays on the GPU.
import type { Engine } from './engine.ts';
import type { Tensor } from './tensor.ts';
import { EngineError } from './errors.ts';
import { add, div, maximum, minimum, reshape, sqrt, square, sum } from './ops/api.ts';
import { adamKernel, sgdKernel, type AdamHyper } from '../../kernels/optim/optim.ts';

export interface SgdOptions {
  lr: number;
  momentum?: number;
  nesterov?: boolean;
  /** L2 penalty added to the gradient. */
  weightDecay?: number;
}

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** AdamW: decay the weights directly instead of adding an L2 term to the gradient. */
  decoupled?: boolean;
}

/** Common state handling: one set of state tensors per parameter, created lazily, freed by dispose(). */
abstract class Optimizer {
  /** Number of completed steps. */
  step = 0;
  protected state = new Map<Tensor, Tensor[]>();
  private one: Tensor | null = null;

  constructor(
    protected engine: Engine,
    readonly params: readonly Tensor[],
  ) {
    for (const p of params)
      if (!p.isLeaf) throw new EngineError('optimizer: every parameter must be a variable (engine.variable)');
  }

  protected abstract stateCount(): number;
  protected abstract update(p: Tensor, state: Tensor[], scale: Tensor): void;

  /** The optimizer state of a parameter (for checkpoints), created on first use. */
  stateOf(p: Tensor): Tensor[] {
    let s = this.state.get(p);
    if (!s) {
      s = Array.from({ length: this.stateCount() }, () => this.engine.keep(this.engine.zeros(p.shape)));
      this.state.set(p, s);
    }
    return s;
  }

  /**
   * Applies one update to every parameter that has a gradient. `gradScale` (a one-element tensor, e.g.
   * from clipGradNorm) multiplies the gradients inside the kernel.
   */
  apply(opts: { gradScale?: Tensor } = {}): void {
    this.step++;
    this.one ??= this.engine.keep(this.engine.ones([1]));
    const scale = opts.gradScale ?? this.one;
    for (const p of this.params) {
      if (!p.grad) continue;
      p.assertAlive('optimizer step');
      this.update(p, this.stateOf(p), scale);
    }
  }

  dispose(): void {
    for (const s of this.state.values()) s.forEach((t) => t.dispose());
    this.state.clear();
    this.one?.dispose();
    this.one = null;
  }
}

/** Stochastic gradient descent, optionally with (Nesterov) momentum and L2 weight decay. */
export class SGD extends Optimizer {
  constructor(
    engine: Engine,
    params: readonly Tensor[],
    public options: SgdOptions,
  ) {
    super(engine, params);
  }

  protected stateCount(): number {
    return (this.options.momentum ?? 0) > 0 ? 1 : 0;
  }

  protected update(p: Tensor, state: Tensor[], scale: Tensor): void {
    const o = this.options;
    const h = { lr: o.lr, momentum: o.momentum ?? 0, nesterov: o.nesterov ?? false, weightDecay: o.weightDecay ?? 0 };
    this.engine.launchInto(sgdKernel, [p.grad!, scale], { size: p.size, h }, state[0] ? [p, state[0]] : [p]);
  }
}

/** Adam (Kingma & Ba 2015); with `decoupled`, AdamW (Loshchilov & Hutter 2019). */
export class Adam extends Optimizer {
  constructor(
    engine: Engine,
    params: readonly Tensor[],
    public options: AdamOptions,
  ) {
    super(engine, params);
  }

  protected stateCount(): number {
    return 2;
  }

  protected update(p: Tensor, [m, v]: Tensor[], scale: Tensor): void {
    this.engine.launchInto(adamKernel, [p.grad!, scale], { size: p.size, h: this.adamHyper() }, [p, m, v]);
  }

  private adamHyper(): AdamHyper {
    const o = this.options;
    return {
      lr: o.lr,
      beta1: o.beta1 ?? 0.9,
      beta2: o.beta2 ?? 0.999,
      eps: o.eps ?? 1e-8,
      weightDecay: o.weightDecay ?? 0,
      decoupled: o.decoupled ?? false,
      step: this.step,
    };
  }
}

/** AdamW: Adam with decoupled weight decay (default 0.01). */
export class AdamW extends Adam {
  constructor(engine: Engine, params: readonly Tensor[], options: Omit<AdamOptions, 'decoupled'>) {
    super(engine, params, { weightDecay: 0.01, ...options, decoupled: true });
  }
}

/**
 * Global-norm gradient clipping without a host round trip: returns the norm of all gradients and the
 * factor min(1, maxNorm / norm) to pass as `gradScale` to an optimizer step. Both are [1] tensors.
 */
export function clipGradNorm(params: readonly Tensor[], maxNorm: number): { norm: Tensor; scale: Tensor } {
  if (!(maxNorm > 0)) throw new EngineError(`clipGradNorm: maxNorm must be positive, got ${maxNorm}`);
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  if (grads.length === 0) throw new EngineError('clipGradNorm: no parameter has a gradient (call backward first)');
  const e = grads[0].engine;
  return e.noGrad(() => {
    let total = sum(square(grads[0]));
    for (const g of grads.slice(1)) total = add(total, sum(square(g)));
    const norm = reshape(sqrt(total), [1]);
    return { norm, scale: minimum(div(maxNorm, maximum(norm, 1e-12)), 1) };
  });
}
