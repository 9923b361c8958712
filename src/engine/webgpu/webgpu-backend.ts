// The WebGPU backend: each primitive builds a KernelProgram from kernels/ and records it with the runner.
import type { AnyTypedArray, Backend, DType, MemoryStats, Storage } from '../backend.ts';
import { unaryBackwardProgram, unaryProgram, type UnaryOp } from '../../../kernels/unary/unary.ts';
import { binaryProgram, type BinaryOp } from '../../../kernels/binary/binary.ts';
import { whereProgram } from '../../../kernels/where/where.ts';
import { copyProgram, fillProgram, type CopySpec } from '../../../kernels/copy/copy.ts';
import { reduceProgram, type ReduceOp } from '../../../kernels/reduce/reduce.ts';
import { matmulProgram, type MatmulSpec, type MatmulTiles } from '../../../kernels/matmul/matmul.ts';
import { gatherBackwardProgram, gatherProgram, type GatherDims } from '../../../kernels/gather/gather.ts';
import { f32Bits, type KernelProgram } from '../../../kernels/common/program.ts';
import { castProgram, type CastKind } from '../../../kernels/copy/copy.ts';
import {
  conv2dProgram,
  convOutputElements,
  convSplitK,
  convTiles,
  type Conv2dGeometry,
} from '../../../kernels/conv2d/conv2d.ts';
import {
  pool2dBackwardProgram,
  pool2dProgram,
  type Pool2dGeometry,
  type PoolKind,
} from '../../../kernels/pool2d/pool2d.ts';
import { softmaxBackwardProgram, softmaxProgram } from '../../../kernels/softmax/softmax.ts';
import { layerNormBackwardProgram, layerNormProgram } from '../../../kernels/layernorm/layernorm.ts';
import {
  crossEntropyBackwardProgram,
  crossEntropyProgram,
  type CrossEntropyOptions,
} from '../../../kernels/cross-entropy/cross-entropy.ts';
import { dropoutProgram } from '../../../kernels/dropout/dropout.ts';
import {
  attentionDkvProgram,
  attentionDqProgram,
  attentionProgram,
  attentionStatsProgram,
  type AttentionDims,
} from '../../../kernels/attention/attention.ts';
import { adamProgram, sgdProgram, type AdamHyper, type SgdHyper } from '../../../kernels/optim/optim.ts';
import { rnnCellBackwardProgram, rnnCellProgram, type RnnCellKind } from '../../../kernels/rnn-cell/rnn-cell.ts';
import type { MatmulActivation } from '../../../kernels/matmul/matmul.ts';
import { GpuRunner, type RunnerOptions } from './runner.ts';
import { TileTable, type GemmProblem } from './autotune.ts';

export interface GpuStorage extends Storage {
  buffer: GPUBuffer;
}

export class WebGPUBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly runner: GpuRunner;
  /** Tiles for every matmul and conv (tests, benchmarks, the autotuner's timing runs); null consults `tileTable`. */
  forceTiles: MatmulTiles | null = null;
  /** Autotuned tiles per problem class (see autotune.ts); a class it lacks falls back to the cost model. */
  tileTable = new TileTable();

  constructor(
    readonly device: GPUDevice,
    opts: RunnerOptions = {},
  ) {
    this.runner = new GpuRunner(device, opts);
  }

  private wrap(buffer: GPUBuffer, bytes: number): GpuStorage {
    return { buffer, bytes, refs: 0 };
  }

  private b(s: Storage): GPUBuffer {
    return (s as GpuStorage).buffer;
  }

  private exec(p: KernelProgram, inputs: Storage[], out?: Storage): GpuStorage {
    const buf = this.runner.run(
      p,
      inputs.map((s) => this.b(s)),
      out ? this.b(out) : undefined,
    );
    return out ? (out as GpuStorage) : this.wrap(buf, p.outputBytes);
  }

  upload(values: ArrayLike<number>, dtype: DType, label: string): Storage {
    const data =
      dtype === 'f32'
        ? Float32Array.from(values)
        : dtype === 'i32'
          ? Int32Array.from(values)
          : Uint32Array.from(values);
    const bytes = data.byteLength;
    const buffer = this.runner.allocate(bytes, label);
    this.runner.write(buffer, data);
    return this.wrap(buffer, bytes);
  }

  async read(s: Storage, size: number, dtype: DType): Promise<AnyTypedArray> {
    const raw = await this.runner.read(this.b(s), size * 4);
    return dtype === 'f32' ? new Float32Array(raw) : dtype === 'i32' ? new Int32Array(raw) : new Uint32Array(raw);
  }

  release(s: Storage): void {
    this.runner.pool.release(this.b(s));
  }

  fill(size: number, value: number, dtype: DType): Storage {
    const bits = dtype === 'f32' ? f32Bits(value) : value >>> 0;
    return this.exec(fillProgram(size, bits), []);
  }

  unary(op: UnaryOp, x: Storage, size: number, alpha: number): Storage {
    return this.exec(unaryProgram(op, size, alpha), [x]);
  }

  unaryBackward(op: UnaryOp, x: Storage, dy: Storage, size: number, alpha: number): Storage {
    return this.exec(unaryBackwardProgram(op, size, alpha), [x, dy]);
  }

  binary(
    op: BinaryOp,
    a: Storage,
    b: Storage,
    shape: readonly number[],
    as: readonly number[],
    bs: readonly number[],
  ): Storage {
    return this.exec(binaryProgram(op, shape, as, bs), [a, b]);
  }

  where(
    c: Storage,
    a: Storage,
    b: Storage,
    shape: readonly number[],
    cs: readonly number[],
    as: readonly number[],
    bs: readonly number[],
  ): Storage {
    return this.exec(whereProgram(shape, cs, as, bs), [c, a, b]);
  }

  copy(src: Storage, dst: Storage | null, spec: CopySpec): Storage {
    return this.exec(copyProgram(spec), [src], dst ?? undefined);
  }

  reduce(op: ReduceOp, x: Storage, rows: number, cols: number, scale: number): Storage {
    return this.exec(reduceProgram(op, rows, cols, scale), [x]);
  }

  /** The tiles of one GEMM: forced, else tuned for its class, else undefined (the kernel's cost model). */
  private tilesFor(p: GemmProblem): MatmulTiles | undefined {
    return this.forceTiles ?? this.tileTable.lookup(p);
  }

  matmul(a: Storage, b: Storage, bias: Storage | null, spec: MatmulSpec): Storage {
    const p = matmulProgram(spec, this.tilesFor({ op: 'matmul', spec }));
    const buf = this.runner.run(p, [this.b(a), this.b(b), bias ? this.b(bias) : this.runner.dummyBuffer]);
    return this.wrap(buf, p.outputBytes);
  }

  gather(x: Storage, idx: Storage, dims: GatherDims): Storage {
    return this.exec(gatherProgram(dims), [x, idx]);
  }

  gatherBackward(dy: Storage, idx: Storage, dims: GatherDims): Storage {
    return this.exec(gatherBackwardProgram(dims), [dy, idx]);
  }

  /** Runs a multi-output program and wraps each output. */
  private execAll(p: KernelProgram, inputs: (Storage | null)[], outputs?: Storage[]): GpuStorage[] {
    const bufs = this.runner.runAll(
      p,
      inputs.map((s) => (s ? this.b(s) : this.runner.dummyBuffer)),
      outputs?.map((s) => this.b(s)),
    );
    const sizes = [p.outputBytes, ...(p.extraOutputBytes ?? [])];
    return bufs.map((buf, i) => (outputs ? (outputs[i] as GpuStorage) : this.wrap(buf, sizes[i])));
  }

  cast(x: Storage, size: number, kind: CastKind): Storage {
    return this.exec(castProgram(size, kind), [x]);
  }

  conv2d(x: Storage, w: Storage, bias: Storage | null, g: Conv2dGeometry, activation: MatmulActivation): Storage {
    return this.execAll(
      conv2dProgram(
        g,
        'forward',
        { hasBias: Boolean(bias), activation },
        this.tilesFor({ op: 'conv', mode: 'forward', geometry: g }),
      ),
      [x, w, bias],
    )[0];
  }

  conv2dInputGrad(dy: Storage, w: Storage, g: Conv2dGeometry): Storage {
    return this.execAll(
      conv2dProgram(g, 'inputGrad', undefined, this.tilesFor({ op: 'conv', mode: 'inputGrad', geometry: g })),
      [dy, w, null],
    )[0];
  }

  conv2dFilterGrad(x: Storage, dy: Storage, g: Conv2dGeometry): Storage {
    const tiles = this.tilesFor({ op: 'conv', mode: 'filterGrad', geometry: g }) ?? convTiles(g, 'filterGrad');
    const splits = convSplitK(g, 'filterGrad', tiles);
    const out = this.execAll(conv2dProgram(g, 'filterGrad', undefined, tiles, splits), [x, dy, null])[0];
    if (splits === 1) return out;
    // Sum the split-K partials, stored innermost: one row of `splits` values per filter element.
    const summed = this.reduce('sum', out, convOutputElements(g, 'filterGrad'), splits, 1);
    this.release(out);
    return summed;
  }

  pool2d(kind: PoolKind, x: Storage, g: Pool2dGeometry) {
    const [y, argmax] = this.execAll(pool2dProgram(kind, g), [x]);
    return { y, argmax: argmax ?? null };
  }

  pool2dBackward(kind: PoolKind, dy: Storage, argmax: Storage | null, g: Pool2dGeometry): Storage {
    return this.exec(pool2dBackwardProgram(kind, g), kind === 'max' ? [dy, argmax!] : [dy]);
  }

  softmax(x: Storage, rows: number, cols: number, log: boolean): Storage {
    return this.exec(softmaxProgram(rows, cols, log), [x]);
  }

  softmaxBackward(y: Storage, dy: Storage, rows: number, cols: number, log: boolean): Storage {
    return this.exec(softmaxBackwardProgram(rows, cols, log), [y, dy]);
  }

  layerNorm(x: Storage, gamma: Storage, beta: Storage, rows: number, cols: number, eps: number) {
    const [y, mean, rstd] = this.execAll(layerNormProgram(rows, cols, eps), [x, gamma, beta]);
    return { y, mean, rstd };
  }

  layerNormBackward(
    x: Storage,
    gamma: Storage,
    dy: Storage,
    mean: Storage,
    rstd: Storage,
    rows: number,
    cols: number,
  ): Storage {
    return this.exec(layerNormBackwardProgram(rows, cols), [x, gamma, dy, mean, rstd]);
  }

  crossEntropy(logits: Storage, labels: Storage, rows: number, cols: number, o: CrossEntropyOptions) {
    const [loss, lse] = this.execAll(crossEntropyProgram(rows, cols, o), [logits, labels]);
    return { loss, lse };
  }

  crossEntropyBackward(
    logits: Storage,
    labels: Storage,
    lse: Storage,
    dloss: Storage,
    rows: number,
    cols: number,
    o: CrossEntropyOptions,
  ): Storage {
    return this.exec(crossEntropyBackwardProgram(rows, cols, o), [logits, labels, lse, dloss]);
  }

  dropout(x: Storage, size: number, p: number, seed: number): Storage {
    return this.exec(dropoutProgram(size, p, seed), [x]);
  }

  attention(q: Storage, k: Storage, v: Storage, lens: Storage | null, a: AttentionDims) {
    const [o, lse] = this.execAll(attentionProgram(a), [q, k, v, lens]);
    return { o, lse };
  }

  attentionBackward(
    q: Storage,
    k: Storage,
    v: Storage,
    o: Storage,
    dO: Storage,
    lse: Storage,
    lens: Storage | null,
    a: AttentionDims,
  ) {
    const [stats] = this.execAll(attentionStatsProgram(a), [o, dO, lse]);
    const [dq] = this.execAll(attentionDqProgram(a), [q, k, v, dO, stats, lens]);
    const [dk, dv] = this.execAll(attentionDkvProgram(a), [q, k, v, dO, stats, lens]);
    this.release(stats);
    return { dq, dk, dv };
  }

  rnnCell(kind: RnnCellKind, xt: Storage, hr: Storage, state: Storage, batch: number, units: number): Storage {
    return this.exec(rnnCellProgram(kind, batch, units), [xt, hr, state]);
  }

  rnnCellBackward(
    kind: RnnCellKind,
    xt: Storage,
    hr: Storage,
    state: Storage,
    dNext: Storage,
    batch: number,
    units: number,
  ): Storage[] {
    return this.execAll(rnnCellBackwardProgram(kind, batch, units), [xt, hr, state, dNext]);
  }

  sgdUpdate(param: Storage, grad: Storage, velocity: Storage | null, scale: Storage, size: number, h: SgdHyper): void {
    this.execAll(sgdProgram(size, h), [grad, scale], velocity ? [param, velocity] : [param]);
  }

  adamUpdate(param: Storage, grad: Storage, m: Storage, v: Storage, scale: Storage, size: number, h: AdamHyper): void {
    this.execAll(adamProgram(size, h), [grad, scale], [param, m, v]);
  }

  sync(): Promise<void> {
    return this.runner.sync();
  }

  memory(): MemoryStats {
    return this.runner.pool.memory();
  }

  dispose(): void {
    this.runner.dispose();
  }
}
