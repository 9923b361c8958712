// The Engine: owns a backend, creates tensors, runs ops from the op table, records the autograd tape,
// and implements the memory policy (scopes free every intermediate they do not return).
import type { AnyTypedArray, Backend, DType, MemoryStats, Storage } from './backend.ts';
import { mapInputs, type Inputs, type Kernel, type Slot } from '../../kernels/common/kernel.ts';
import { copyKernel, fillKernel } from '../../kernels/copy/copy.ts';
import type { OpAttrs, OpName } from './ops/types.ts';
import { CpuBackend } from './cpu/cpu-backend.ts';
import { WebGPUBackend } from './webgpu/webgpu-backend.ts';
import { acquireDevice, type AcquireOptions, type AdapterReport } from './webgpu/device.ts';
import { DeviceLostError, DTypeError, EngineError, ShapeError } from './errors.ts';
import { Tensor } from './tensor.ts';
import { assertShape, sizeOf, type Shape } from './shape.ts';
import { normalValues, uniformValues } from '../../kernels/common/random.mjs';

/** One recorded application of op K, kept until backward() or the end of the scope that made it. */
export interface TapeNodeOf<K extends OpName> {
  op: K;
  inputs: readonly Tensor[];
  output: Tensor;
  attrs: OpAttrs[K];
  /** Tensors the forward kept for the backward (e.g. statistics); freed with the scope. */
  saved: readonly Tensor[];
}

/** A tape node of one of the ops K (any op by default): a union over names, so `node.op` narrows `node.attrs`. */
export type TapeNode<K extends OpName = OpName> = { [P in K]: TapeNodeOf<P> }[K];

/** The shape and dtype of one kernel output to wrap as a tensor. */
export type OutputSpec = readonly [shape: Shape, dtype: DType];

export interface EngineOptions extends AcquireOptions {
  /** 'webgpu' (default), 'cpu' (float64 reference), or 'auto' (WebGPU, else CPU). */
  backend?: 'webgpu' | 'cpu' | 'auto';
  /** Use an existing device instead of acquiring one. */
  device?: GPUDevice;
  /** 0 quiet, 1 logs syncs and timings, 2 also dumps shaders (the `?debug=` knob). */
  debug?: number;
}

export type DeviceLostListener = (error: DeviceLostError) => void;

type Nested = Tensor | readonly Nested[] | { readonly [k: string]: Nested } | unknown;

export class Engine {
  /** Scopes, innermost last; every tensor created is tracked by the innermost one. */
  private scopes: Set<Tensor>[] = [];
  /** The autograd tape, in execution order. */
  readonly tape: TapeNode[] = [];
  private gradDepth = 0;
  private lostListeners = new Set<DeviceLostListener>();
  private lostError: DeviceLostError | null = null;
  /** Value ranges of integer storage written from the host (see knownRange). */
  private hostRanges = new WeakMap<Storage, { min: number; max: number }>();

  private constructor(
    readonly backend: Backend,
    readonly adapter: AdapterReport | null,
    readonly debug: number,
  ) {}

  /** Brings up an engine; with WebGPU, acquires an adapter and device and watches for device loss. */
  static async create(opts: EngineOptions = {}): Promise<Engine> {
    const kind = opts.backend ?? 'webgpu';
    const debug = opts.debug ?? 0;
    if (kind === 'cpu') return new Engine(new CpuBackend(), null, debug);
    let device = opts.device;
    let report: AdapterReport | null = null;
    try {
      if (!device) {
        const acquired = await acquireDevice(opts);
        device = acquired.device;
        report = acquired.report;
      }
    } catch (e) {
      if (kind === 'auto') return new Engine(new CpuBackend(), null, debug);
      throw e;
    }
    const backend = new WebGPUBackend(device, {
      onShader: debug >= 2 ? (label, code) => console.debug(`[engine] shader ${label}\n${code}`) : undefined,
    });
    backend.runner.submitEachOp = debug >= 1;
    const engine = new Engine(backend, report, debug);
    void device.lost.then((info) => engine.markLost(new DeviceLostError(info.reason ?? 'unknown', info.message)));
    return engine;
  }

  private markLost(err: DeviceLostError) {
    this.lostError = err;
    if (this.backend instanceof WebGPUBackend) this.backend.runner.lost = err;
    for (const l of this.lostListeners) l(err);
  }

  /** Subscribes to device loss; returns an unsubscribe function. */
  onDeviceLost(listener: DeviceLostListener): () => void {
    this.lostListeners.add(listener);
    if (this.lostError) listener(this.lostError);
    return () => this.lostListeners.delete(listener);
  }

  get isLost(): boolean {
    return this.lostError !== null;
  }

  // ── tensor creation ────────────────────────────────────────────────────────────

  /** Wraps backend storage as a tensor tracked by the current scope (for op implementations). */
  wrap(storage: Storage, shape: Shape, dtype: DType): Tensor {
    if (this.lostError) throw this.lostError;
    const t = new Tensor(this, storage, shape, dtype);
    this.scopes[this.scopes.length - 1]?.add(t);
    return t;
  }

  /** A tensor from values (a typed array or numbers); dtype follows Int32Array/Uint32Array, else f32. */
  tensor(values: ArrayLike<number> | AnyTypedArray, shape?: Shape, dtype?: DType): Tensor {
    const dt: DType = dtype ?? (values instanceof Int32Array ? 'i32' : values instanceof Uint32Array ? 'u32' : 'f32');
    const sh = shape ?? [values.length];
    assertShape('tensor', sh);
    if (sizeOf(sh) !== values.length)
      throw new ShapeError(
        'tensor',
        `${values.length} values do not fill shape [${sh.join(', ')}] (${sizeOf(sh)} elements)`,
      );
    const storage = this.backend.allocate(values.length * 4, `tensor[${sh.join('x')}]`);
    this.backend.write(storage, values, dt);
    if (dt !== 'f32') this.hostRanges.set(storage, rangeOf(values));
    return this.wrap(storage, sh, dt);
  }

  /**
   * The smallest and largest value of an integer tensor made from host values (null when a kernel wrote it, or
   * for f32): lets index ops refuse a bad index with a clear error before launching, on every backend.
   */
  knownRange(t: Tensor): { min: number; max: number } | null {
    return this.hostRanges.get(t.storage) ?? null;
  }

  /**
   * Runs a kernel on tensors and wraps its outputs with the given shapes and dtypes, in order; outputs beyond
   * `outs` (statistics a caller does not want) are freed. The one way op forwards and backwards call kernels.
   */
  launchAll<P, In extends readonly Slot[]>(
    kernel: Kernel<P, In>,
    inputs: Inputs<Tensor, In>,
    params: P,
    outs: readonly OutputSpec[],
  ): Tensor[] {
    if (this.lostError) throw this.lostError;
    const storages = this.backend.run(
      kernel,
      mapInputs(inputs, (t) => t.storage),
      params,
    );
    storages.slice(outs.length).forEach((s) => this.backend.free(s));
    return outs.map(([shape, dtype], i) => this.wrap(storages[i], shape, dtype));
  }

  /** launchAll for a kernel's first output, of `shape` and `dtype`. */
  launch<P, In extends readonly Slot[]>(
    kernel: Kernel<P, In>,
    inputs: Inputs<Tensor, In>,
    params: P,
    shape: Shape,
    dtype: DType = 'f32',
  ): Tensor {
    return this.launchAll(kernel, inputs, params, [[shape, dtype]])[0];
  }

  /** Runs a kernel that writes into existing tensors in place (copies into a view, optimizer updates). */
  launchInto<P, In extends readonly Slot[]>(
    kernel: Kernel<P, In>,
    inputs: Inputs<Tensor, In>,
    params: P,
    targets: readonly Tensor[],
  ): void {
    if (this.lostError) throw this.lostError;
    // A kernel now writes these: whatever was known of their host values no longer holds.
    for (const t of targets) this.hostRanges.delete(t.storage);
    this.backend.run(
      kernel,
      mapInputs(inputs, (t) => t.storage),
      params,
      targets.map((t) => t.storage),
    );
  }

  /** A tensor of one repeated value. */
  full(shape: Shape, value: number, dtype: DType = 'f32'): Tensor {
    assertShape('full', shape);
    return this.launch(fillKernel, [], { size: sizeOf(shape), value, dtype }, shape, dtype);
  }

  zeros(shape: Shape, dtype: DType = 'f32'): Tensor {
    return this.full(shape, 0, dtype);
  }

  ones(shape: Shape, dtype: DType = 'f32'): Tensor {
    return this.full(shape, 1, dtype);
  }

  /** Seeded uniform values in [low, high). */
  randomUniform(shape: Shape, opts: { seed: number; low?: number; high?: number }): Tensor {
    return this.tensor(uniformValues(sizeOf(shape), opts.seed, opts.low ?? 0, opts.high ?? 1), shape);
  }

  /** Seeded normal values. */
  randomNormal(shape: Shape, opts: { seed: number; mean?: number; std?: number }): Tensor {
    return this.tensor(normalValues(sizeOf(shape), opts.seed, opts.mean ?? 0, opts.std ?? 1), shape);
  }

  /** Marks a tensor as a trainable variable: gradients accumulate into `.grad`, and no scope frees it. */
  variable(t: Tensor): Tensor {
    if (t.dtype !== 'f32') throw new DTypeError('variable', `only f32 tensors can require gradients, got ${t.dtype}`);
    t.requiresGrad = true;
    t.isLeaf = true;
    this.keep(t);
    return t;
  }

  /** Overwrites `target`'s values with `value`'s in place (parameter updates); shapes and dtypes must match. */
  assign(target: Tensor, value: Tensor): void {
    target.assertAlive('assign');
    value.assertAlive('assign');
    if (target.storage === value.storage) return;
    if (target.shape.join() !== value.shape.join() || target.dtype !== value.dtype) {
      throw new ShapeError(
        'assign',
        `cannot write ${value.dtype}[${value.shape.join(', ')}] into ${target.dtype}[${target.shape.join(', ')}]`,
      );
    }
    const n = Math.max(1, target.size);
    const spec = { shape: [n], srcOffset: 0, srcStrides: [1], dstOffset: 0, dstStrides: [1], dstSize: n };
    this.launchInto(copyKernel, [value], spec, [target]);
  }

  // ── memory policy ──────────────────────────────────────────────────────────────

  /**
   * Runs `fn` and frees every tensor it created except those it returns (found in arrays and plain objects)
   * and those passed to keep(). Tape nodes recorded inside are dropped unless a returned tensor depends on
   * them (then they and their inputs move to the enclosing scope). `fn` must be synchronous.
   */
  scope<T>(fn: () => T): T {
    const tracked = new Set<Tensor>();
    const tapeStart = this.tape.length;
    this.scopes.push(tracked);
    let result: T;
    try {
      result = fn();
      if (result instanceof Promise)
        throw new EngineError(
          'engine.scope: the function returned a Promise; scopes must be synchronous (await outside the scope)',
        );
    } finally {
      this.scopes.pop();
      const keep = new Set<Tensor>();
      // On an exception result is unassigned: everything created is freed.
      try {
        collect(result!, keep);
      } catch {
        /* nothing to keep */
      }
      // Tape nodes made here survive only if a returned tensor depends on them (so a forward pass split
      // over nested scopes still differentiates); their inputs and saved tensors then stay alive too.
      const parent = this.scopes[this.scopes.length - 1];
      const needed = new Set<Tensor>(keep);
      const kept: TapeNode[] = [];
      // At the top level nothing would own the graph, so it is dropped (backward() then explains why).
      for (let i = this.tape.length - 1; parent && i >= tapeStart; i--) {
        const node = this.tape[i];
        if (!needed.has(node.output)) continue;
        kept.push(node);
        node.inputs.forEach((t) => needed.add(t));
        node.saved.forEach((t) => needed.add(t));
      }
      if (this.tape.length > tapeStart) {
        for (const node of this.tape.slice(tapeStart))
          if (!kept.includes(node)) node.saved.forEach((t) => needed.has(t) || t.dispose());
        this.tape.splice(tapeStart, this.tape.length - tapeStart, ...kept.reverse());
      }
      for (const t of tracked) {
        if (needed.has(t)) parent?.add(t);
        else t.dispose();
      }
    }
    return result;
  }

  /** Exempts a tensor from scope cleanup; the caller disposes it. */
  keep<T extends Tensor>(t: T): T {
    for (const s of this.scopes) s.delete(t);
    return t;
  }

  /** Called by Tensor.dispose. */
  untrack(t: Tensor): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i].delete(t)) return;
  }

  /** Runs `fn` without recording the tape (inference, optimizer updates, backward itself). */
  noGrad<T>(fn: () => T): T {
    this.gradDepth++;
    try {
      return fn();
    } finally {
      this.gradDepth--;
    }
  }

  get recording(): boolean {
    return this.gradDepth === 0;
  }

  /** Appends a node to the tape (runOp does, when gradients are wanted). */
  record<K extends OpName>(node: TapeNodeOf<K>): void {
    // TapeNodeOf<K> is one member of the TapeNode union; TypeScript cannot see that for a generic K.
    this.tape.push(node as TapeNode);
  }

  memory(): MemoryStats {
    return this.backend.memory();
  }

  /** Waits for all queued GPU work and surfaces any error it raised. */
  async sync(): Promise<void> {
    if (this.debug < 1 || !(this.backend instanceof WebGPUBackend)) return this.backend.sync();
    const c = { ...this.backend.runner.counters };
    const t0 = performance.now();
    await this.backend.sync();
    const now = this.backend.runner.counters;
    console.debug(
      `[engine] sync: ${now.dispatches - c.dispatches} dispatches, ${now.submits - c.submits} submits, ${(performance.now() - t0).toFixed(1)} ms`,
    );
  }

  dispose(): void {
    this.backend.dispose();
  }
}

function rangeOf(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

function collect(x: Nested, out: Set<Tensor>): void {
  if (x instanceof Tensor) out.add(x);
  else if (Array.isArray(x)) for (const v of x) collect(v, out);
  else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype)
    for (const v of Object.values(x)) collect(v as Nested, out);
}
