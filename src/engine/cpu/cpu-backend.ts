// The CPU backend: every primitive runs the plain TypeScript reference from kernels/*/*.ref.ts in float64.
// It is the oracle for GPU tests, the exact engine for gradient checks, and the slow path without WebGPU.
import type { AnyTypedArray, Backend, DType, MemoryStats, Storage } from '../backend.ts';
import { unaryBackwardRef, unaryRef } from '../../../kernels/unary/unary.ref.ts';
import { binaryRef } from '../../../kernels/binary/binary.ref.ts';
import { whereRef } from '../../../kernels/where/where.ref.ts';
import { copyRef } from '../../../kernels/copy/copy.ref.ts';
import { reduceRef } from '../../../kernels/reduce/reduce.ref.ts';
import { matmulRef } from '../../../kernels/matmul/matmul.ref.ts';
import { gatherBackwardRef, gatherRef } from '../../../kernels/gather/gather.ref.ts';

/** CPU storage: float64 for every dtype (integers are exact up to 2^53). */
export interface CpuStorage extends Storage {
  data: Float64Array;
}

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  private stats: MemoryStats = { liveBytes: 0, liveBuffers: 0, pooledBytes: 0, pooledBuffers: 0, allocations: 0, reuses: 0, peakLiveBytes: 0 };

  private wrap(data: Float64Array): CpuStorage {
    const bytes = data.length * 4;
    this.stats.liveBytes += bytes;
    this.stats.liveBuffers++;
    this.stats.allocations++;
    this.stats.peakLiveBytes = Math.max(this.stats.peakLiveBytes, this.stats.liveBytes);
    return { data, bytes, refs: 0 };
  }

  private d(s: Storage): Float64Array {
    return (s as CpuStorage).data;
  }

  upload(values: ArrayLike<number>, dtype: DType): Storage {
    const data = Float64Array.from(values as ArrayLike<number>);
    // Round-trip through the dtype so CPU tensors hold exactly what a GPU tensor would.
    const cast = dtype === 'f32' ? Float32Array.from(data) : dtype === 'i32' ? Int32Array.from(data) : Uint32Array.from(data);
    return this.wrap(Float64Array.from(cast));
  }

  async read(s: Storage, size: number, dtype: DType): Promise<AnyTypedArray> {
    const d = this.d(s).subarray(0, size);
    return dtype === 'f32' ? Float32Array.from(d) : dtype === 'i32' ? Int32Array.from(d) : Uint32Array.from(d);
  }

  /** The float64 values themselves (CPU only), for gradient checks. */
  readExact(s: Storage, size: number): Float64Array {
    return this.d(s).slice(0, size);
  }

  release(s: Storage): void {
    this.stats.liveBytes -= s.bytes;
    this.stats.liveBuffers--;
  }

  fill(size: number, value: number): Storage {
    return this.wrap(new Float64Array(size).fill(value));
  }

  unary(op: Parameters<Backend['unary']>[0], x: Storage, size: number, alpha: number): Storage {
    return this.wrap(unaryRef(op, this.d(x).subarray(0, size), alpha));
  }

  unaryBackward(op: Parameters<Backend['unary']>[0], x: Storage, dy: Storage, size: number, alpha: number): Storage {
    return this.wrap(unaryBackwardRef(op, this.d(x).subarray(0, size), this.d(dy), alpha));
  }

  binary(op: Parameters<Backend['binary']>[0], a: Storage, b: Storage, shape: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
    return this.wrap(binaryRef(op, this.d(a), as, this.d(b), bs, shape));
  }

  where(c: Storage, a: Storage, b: Storage, shape: readonly number[], cs: readonly number[], as: readonly number[], bs: readonly number[]): Storage {
    return this.wrap(whereRef(shape, this.d(c), cs, this.d(a), as, this.d(b), bs));
  }

  copy(src: Storage, dst: Storage | null, spec: Parameters<Backend['copy']>[2]): Storage {
    if (dst) {
      copyRef(this.d(src), this.d(dst), spec);
      return dst;
    }
    return this.wrap(copyRef(this.d(src), new Float64Array(spec.dstSize), spec));
  }

  reduce(op: Parameters<Backend['reduce']>[0], x: Storage, rows: number, cols: number, scale: number): Storage {
    return this.wrap(reduceRef(op, this.d(x), rows, cols, scale));
  }

  matmul(a: Storage, b: Storage, bias: Storage | null, spec: Parameters<Backend['matmul']>[3]): Storage {
    return this.wrap(matmulRef(this.d(a), this.d(b), bias ? this.d(bias) : null, spec));
  }

  gather(x: Storage, idx: Storage, dims: Parameters<Backend['gather']>[2]): Storage {
    return this.wrap(gatherRef(this.d(x), this.d(idx), dims));
  }

  gatherBackward(dy: Storage, idx: Storage, dims: Parameters<Backend['gather']>[2]): Storage {
    return this.wrap(gatherBackwardRef(this.d(dy), this.d(idx), dims));
  }

  async sync(): Promise<void> {}

  memory(): MemoryStats {
    return { ...this.stats };
  }

  dispose(): void {}
}
