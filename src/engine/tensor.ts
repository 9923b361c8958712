// The Tensor handle: shape, dtype, a reference-counted storage on one backend, and autograd flags.
// Reading is async (GPU readback); disposing is explicit or done by the enclosing engine.scope.
import type { AnyTypedArray, DType, Storage } from './backend.ts';
import type { Engine } from './engine.ts';
import { sizeOf, type Shape } from './shape.ts';
import { TensorDisposedError } from './errors.ts';

let nextId = 1;

export class Tensor {
  readonly id = nextId++;
  readonly size: number;
  /** Whether gradients flow to this tensor (set on parameters with engine.variable, propagated by ops). */
  requiresGrad = false;
  /** True for tensors the user marked as variables: backward() accumulates into their `.grad`. */
  isLeaf = false;
  /** Accumulated gradient of a leaf after backward(). Owned by this tensor (not by any scope). */
  grad: Tensor | null = null;
  private _disposed = false;

  constructor(
    readonly engine: Engine,
    readonly storage: Storage,
    readonly shape: Shape,
    readonly dtype: DType,
  ) {
    this.size = sizeOf(shape);
    storage.refs++;
  }

  get rank(): number {
    return this.shape.length;
  }

  get disposed(): boolean {
    return this._disposed;
  }

  /** Throws TensorDisposedError naming `op` if this tensor was freed. */
  assertAlive(op: string): void {
    if (this._disposed) throw new TensorDisposedError(op, this.shape);
  }

  /** Copies the values to the host (waits for pending GPU work). */
  async data(): Promise<AnyTypedArray> {
    this.assertAlive('data');
    return this.engine.backend.read(this.storage, this.size, this.dtype);
  }

  /** Values as a plain number array (convenience for tests and small outputs). */
  async array(): Promise<number[]> {
    return Array.from(await this.data());
  }

  /** Frees this handle; the storage returns to the pool when no view uses it. Safe to call twice. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this.engine.untrack(this);
    if (--this.storage.refs === 0) this.engine.backend.free(this.storage);
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
  }

  /** `using t = ...` support. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  toString(): string {
    return `Tensor(${this.dtype}[${this.shape.join(', ')}])`;
  }
}
