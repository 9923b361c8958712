// Records kernel dispatches into one command encoder and submits at a readback or an explicit sync.
// Uniform blocks are immutable buffers cached by content and bind groups by (binding signature, buffers),
// so a training loop that repeats its shapes creates no new GPU objects after the first step.
// WebGPU errors are caught with error scopes and rethrown at the next sync as typed errors naming the op.
import type { KernelProgram, WgslSource } from '../../../kernels/common/program.ts';
import { BufferTooLargeError, DeviceLostError, EngineError, GpuOpError, ShapeError } from '../errors.ts';
import { BufferPool } from './buffer-pool.ts';
import { compileErrorOf, outputCount, PipelineCache } from './pipeline-cache.ts';

const CACHE_LIMIT = 4096;

export interface RunnerOptions {
  /** Called with each new shader (debug level 2 dumps them). */
  onShader?: (label: string, code: string) => void;
}

export class GpuRunner {
  readonly pool: BufferPool;
  readonly pipelines: PipelineCache;
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private labels: string[] = [];
  private uniforms = new Map<string, GPUBuffer>();
  private bindGroups = new Map<string, GPUBindGroup>();
  private errors: Promise<EngineError | null>[] = [];
  private dummy: GPUBuffer;
  private oneOff: GPUBuffer[] = [];
  /** Submit after every dispatch (debug level ≥ 1) so errors are attributed to exactly one op. */
  submitEachOp = false;
  /** Dispatches recorded and submits made, for tests and debug output. */
  counters = { dispatches: 0, submits: 0 };
  lost: DeviceLostError | null = null;
  /** Timestamp writes for the next compute pass (timePass), consumed when that pass begins. */
  private nextPassTimestamps: GPUComputePassTimestampWrites | undefined;

  constructor(
    readonly device: GPUDevice,
    opts: RunnerOptions = {},
  ) {
    this.pool = new BufferPool(device);
    this.pipelines = new PipelineCache(device, opts.onShader);
    this.dummy = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE, label: 'dummy-binding' });
  }

  /** Throws if the device was lost. */
  checkAlive(): void {
    if (this.lost) throw this.lost;
  }

  /** A buffer for `bytes`, checked against the device limit first. */
  allocate(bytes: number, label: string): GPUBuffer {
    this.checkAlive();
    const limit = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    if (bytes > limit) throw new BufferTooLargeError(label, bytes, limit);
    this.device.pushErrorScope('out-of-memory');
    const buf = this.pool.acquire(bytes, label, limit);
    this.watch(label, 'out-of-memory');
    return buf;
  }

  /** A placeholder for optional bindings (e.g. no bias). */
  get dummyBuffer(): GPUBuffer {
    return this.dummy;
  }

  private watch(label: string, kind: 'validation' | 'out-of-memory', source?: WgslSource) {
    const popped = this.device.popErrorScope().then(async (err): Promise<EngineError | null> => {
      if (!err) return null;
      if (source) {
        const m = this.pipelines.moduleOf(source);
        const compileError = m ? await compileErrorOf(m, source.code, label) : null;
        if (compileError) return compileError;
      }
      return new GpuOpError(kind, label, err.message);
    });
    this.errors.push(popped);
  }

  private uniformBuffer(words: Uint32Array): GPUBuffer {
    const key = words.join(',');
    let buf = this.uniforms.get(key);
    if (!buf) {
      if (this.uniforms.size >= CACHE_LIMIT) this.clearCaches();
      const size = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
      buf = this.device.createBuffer({ size, usage: GPUBufferUsage.UNIFORM, mappedAtCreation: true, label: 'params' });
      new Uint32Array(buf.getMappedRange(0, words.byteLength)).set(words);
      buf.unmap();
      this.uniforms.set(key, buf);
    }
    return buf;
  }

  private clearCaches() {
    // Submit first so no recorded command refers to a buffer we are about to destroy.
    this.submit();
    for (const b of this.uniforms.values()) b.destroy();
    this.uniforms.clear();
    this.bindGroups.clear();
  }

  /**
   * Records one dispatch of `program` reading `inputs` and writing `output` (allocated from the pool when
   * not given). Returns the output buffer.
   */
  run(program: KernelProgram, inputs: readonly GPUBuffer[], output?: GPUBuffer): GPUBuffer {
    return this.runAll(program, inputs, output ? [output] : undefined)[0];
  }

  /**
   * Records one dispatch with every output of `program` (the first plus `extraOutputBytes`), each taken
   * from `outputs` when given (read_write, updated in place) or allocated from the pool. Returns them.
   */
  runAll(program: KernelProgram, inputs: readonly GPUBuffer[], outputs?: readonly GPUBuffer[]): GPUBuffer[] {
    this.checkAlive();
    const maxGroups = this.device.limits.maxComputeWorkgroupsPerDimension;
    if (program.dispatch.some((d) => d > maxGroups)) {
      throw new ShapeError(
        program.label,
        `needs ${program.dispatch.join(' × ')} workgroups but this GPU allows ${maxGroups} per dimension; use a smaller batch or sequence`,
      );
    }
    if (outputs?.some((o) => inputs.includes(o))) {
      throw new ShapeError(
        program.label,
        'a tensor cannot be both read and written by one kernel; write into a different tensor',
      );
    }
    if (inputs.length !== program.inputCount)
      throw new EngineError(
        `${program.label}: ${inputs.length} inputs bound, the program declares ${program.inputCount}`,
      );
    const sizes = [program.outputBytes, ...(program.extraOutputBytes ?? [])];
    const outs = outputs ? [...outputs] : sizes.map((bytes) => this.allocate(bytes, program.label));
    this.device.pushErrorScope('validation');
    const pipeline = this.pipelines.get(program);
    const layout = this.pipelines.layout(program.inputCount, outputCount(program)).group;
    const volatile = program.volatileUniforms === true;
    const uniform = volatile ? this.oneOffUniform(program.uniforms) : this.uniformBuffer(program.uniforms);
    const buffers = [uniform, ...inputs, ...outs];
    const key = volatile
      ? ''
      : `${program.inputCount}/${outs.length}:${buffers.map((b) => (b === uniform ? `u${program.uniforms.join('.')}` : (this.pool.ids.get(b) ?? 'd'))).join(',')}`;
    let bindGroup = volatile ? undefined : this.bindGroups.get(key);
    if (!bindGroup && volatile) {
      bindGroup = this.device.createBindGroup({
        label: program.label,
        layout,
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
    } else if (!bindGroup) {
      if (this.bindGroups.size >= CACHE_LIMIT) this.bindGroups.clear();
      bindGroup = this.device.createBindGroup({
        label: program.label,
        layout,
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });
      this.bindGroups.set(key, bindGroup);
    }
    this.watch(program.label, 'validation', program.source);
    if (!this.pass) {
      this.encoder ??= this.device.createCommandEncoder({ label: 'engine-batch' });
      this.pass = this.encoder.beginComputePass({ label: 'engine-pass', timestampWrites: this.nextPassTimestamps });
      this.nextPassTimestamps = undefined;
    }
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    const [x, y, z] = program.dispatch;
    if (x > 0 && y > 0 && z > 0) this.pass.dispatchWorkgroups(x, y, z);
    this.labels.push(program.label);
    this.counters.dispatches++;
    // Debug mode submits every dispatch on its own, so a validation error names exactly its op.
    if (this.submitEachOp) this.submit();
    return outs;
  }

  /** A uniform buffer for one dispatch (per-step values such as learning rates and seeds), freed after submit. */
  private oneOffUniform(words: Uint32Array): GPUBuffer {
    const size = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
    const buf = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.UNIFORM,
      mappedAtCreation: true,
      label: 'params (per step)',
    });
    new Uint32Array(buf.getMappedRange(0, words.byteLength)).set(words);
    buf.unmap();
    this.oneOff.push(buf);
    return buf;
  }

  /** Whether commands are recorded but not yet submitted. */
  get pending(): boolean {
    return this.encoder !== null;
  }

  /** Submits the recorded commands (if any) as one command buffer. */
  submit(): void {
    if (!this.encoder) return;
    this.pass?.end();
    this.pass = null;
    const labels = this.labels;
    this.device.pushErrorScope('validation');
    this.device.queue.submit([this.encoder.finish()]);
    this.watch(`batch of ${labels.length} dispatches (last: ${labels[labels.length - 1] ?? 'none'})`, 'validation');
    this.encoder = null;
    this.labels = [];
    this.counters.submits++;
    // Destroying after submit is safe: WebGPU frees the memory once the submitted work is done.
    for (const b of this.oneOff) b.destroy();
    this.oneOff = [];
  }

  /** Throws the first error caught since the last check. */
  async checkErrors(): Promise<void> {
    const pending = this.errors;
    this.errors = [];
    const results = await Promise.all(pending);
    this.checkAlive();
    const first = results.find((e) => e !== null);
    if (first) throw first;
  }

  /** Writes host data into a buffer, after submitting pending commands (they may still read its old contents). */
  write(buf: GPUBuffer, data: ArrayBufferView): void {
    this.checkAlive();
    if (this.pending) this.submit();
    this.device.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  /** Copies `bytes` of a buffer back to the host. */
  async read(buf: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
    this.checkAlive();
    const size = Math.max(16, Math.ceil(bytes / 4) * 4);
    const staging = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      label: 'readback',
    });
    this.submit();
    const enc = this.device.createCommandEncoder({ label: 'readback' });
    enc.copyBufferToBuffer(buf, 0, staging, 0, Math.min(size, buf.size));
    this.device.queue.submit([enc.finish()]);
    this.counters.submits++;
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (e) {
      this.checkAlive();
      // A readback fails only when the device or the buffer was destroyed under it: the loss event may still be on
      // its way, so report the loss now (typed, so the page can say what to do) rather than the browser's wording.
      staging.destroy();
      throw new DeviceLostError('readback failed', e instanceof Error ? e.message : String(e));
    }
    const out = staging.getMappedRange(0, bytes).slice(0);
    staging.unmap();
    staging.destroy();
    await this.checkErrors();
    return out;
  }

  /**
   * Records what `recordFn` dispatches into a compute pass of its own, with GPU timestamps at its start and
   * end, submits it and resolves with the pass's GPU time in milliseconds (the autotuner's timer). Needs the
   * 'timestamp-query' feature; `recordFn` must not read back or upload (that would split the pass).
   */
  async timePass(recordFn: () => void): Promise<number> {
    this.checkAlive();
    if (!this.device.features.has('timestamp-query'))
      throw new EngineError('timing a pass needs the timestamp-query feature');
    this.submit();
    const querySet = this.device.createQuerySet({ type: 'timestamp', count: 2, label: 'pass-timer' });
    const resolved = this.device.createBuffer({
      size: 16,
      usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      label: 'pass-timer-resolve',
    });
    const staging = this.device.createBuffer({
      size: 16,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
      label: 'pass-timer-read',
    });
    try {
      this.nextPassTimestamps = { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 };
      try {
        recordFn();
      } finally {
        this.nextPassTimestamps = undefined;
      }
      if (!this.encoder) return NaN;
      this.pass?.end();
      this.pass = null;
      this.encoder.resolveQuerySet(querySet, 0, 2, resolved, 0);
      this.encoder.copyBufferToBuffer(resolved, 0, staging, 0, 16);
      this.submit();
      await staging.mapAsync(GPUMapMode.READ);
      const [t0, t1] = new BigUint64Array(staging.getMappedRange(0, 16));
      staging.unmap();
      return t1 >= t0 ? Number(t1 - t0) / 1e6 : NaN;
    } finally {
      staging.destroy();
      resolved.destroy();
      querySet.destroy();
    }
  }

  /** Submits and waits for the GPU to finish everything so far. */
  async sync(): Promise<void> {
    this.submit();
    await this.device.queue.onSubmittedWorkDone();
    await this.checkErrors();
  }

  dispose(): void {
    this.submit();
    this.clearCaches();
    this.pool.trim();
    this.dummy.destroy();
  }
}
