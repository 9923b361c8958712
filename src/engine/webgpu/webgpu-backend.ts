// The WebGPU backend: each primitive builds a KernelProgram from kernels/ and records it with the runner.
import type { AnyTypedArray, Backend, DType, MemoryStats, Storage } from '../backend.ts';
import { unaryBackwardProgram, unaryProgram, type UnaryOp } from '../../../kernels/unary/unary.ts';
import { binaryProgram, type BinaryOp } from '../../../kernels/binary/binary.ts';
import { whereProgram } from '../../../kernels/where/where.ts';
import { copyProgram, fillProgram, type CopySpec } from '../../../kernels/copy/copy.ts';
import { reduceProgram, type ReduceOp } from '../../../kernels/reduce/reduce.ts';
import { matmulProgram, DEFAULT_MATMUL_TILES, type MatmulSpec, type MatmulTiles } from '../../../kernels/matmul/matmul.ts';
import { gatherBackwardProgram, gatherProgram, type GatherDims } from '../../../kernels/gather/gather.ts';
import { f32Bits, type KernelProgram } from '../../../kernels/common/program.ts';
import { GpuRunner, type RunnerOptions } from './runner.ts';

export interface GpuStorage extends Storage {
  buffer: GPUBuffer;
}

export class WebGPUBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly runner: GpuRunner;
  /** Matmul tile configuration (the autotuner may replace it). */
  matmulTiles: MatmulTiles = DEFAULT_MATMUL_TILES;

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
    const buf = this.runner.run(p, inputs.map((s) => this.b(s)), out ? this.b(out) : undefined);
    return out ? (out as GpuStorage) : this.wrap(buf, p.outputBytes);
  }

  upload(values: ArrayLike<number>, dtype: DType, label: string): Storage {
    const data = dtype === 'f32' ? Float32Array.from(values) : dtype === 'i32' ? Int32Array.from(values) : Uint32Array.from(values);
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

  binary(op: BinaryOp, a: Storage, b: Storage, shape: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
    return this.exec(binaryProgram(op, shape, as, bs), [a, b]);
  }

  where(c: Storage, a: Storage, b: Storage, shape: readonly number[], cs: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
    return this.exec(whereProgram(shape, cs, as, bs), [c, a, b]);
  }

  copy(src: Storage, dst: Storage | null, spec: CopySpec): Storage {
    return this.exec(copyProgram(spec), [src], dst ?? undefined);
  }

  reduce(op: ReduceOp, x: Storage, rows: number, cols: number, scale: number): Storage {
    return this.exec(reduceProgram(op, rows, cols, scale), [x]);
  }

  matmul(a: Storage, b: Storage, bias: Storage | null, spec: MatmulSpec): Storage {
    const p = matmulProgram(spec, this.matmulTiles);
    const buf = this.runner.run(p, [this.b(a), this.b(b), bias ? this.b(bias) : this.runner.dummyBuffer]);
    return this.wrap(buf, p.outputBytes);
  }

  gather(x: Storage, idx: Storage, dims: GatherDims): Storage {
    return this.exec(gatherProgram(dims), [x, idx]);
  }

  gatherBackward(dy: Storage, idx: Storage, dims: GatherDims): Storage {
    return this.exec(gatherBackwardProgram(dims), [dy, idx]);
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
