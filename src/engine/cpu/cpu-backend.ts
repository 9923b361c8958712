// The CPU backend: every kernel runs its float64 reference (the descriptor's `reference`, from *.ref.ts).
// It is the oracle for GPU tests, the exact engine for gradient checks, and the slow path without WebGPU.
import type { AnyTypedArray, Backend, DType, MemoryStats, Storage } from '../backend.ts';
import { mapInputs, type Inputs, type Kernel, type Slot } from '../../../kernels/common/kernel.ts';

/** CPU storage: float64 for every dtype (integers are exact up to 2^53). */
export interface CpuStorage extends Storage {
  data: Float64Array;
}

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  private stats: MemoryStats = {
    liveBytes: 0,
    liveBuffers: 0,
    pooledBytes: 0,
    pooledBuffers: 0,
    allocations: 0,
    reuses: 0,
    peakLiveBytes: 0,
  };

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

  allocate(bytes: number): Storage {
    return this.wrap(new Float64Array(Math.ceil(bytes / 4)));
  }

  write(s: Storage, values: ArrayLike<number>, dtype: DType): void {
    // Round-trip through the dtype so CPU tensors hold exactly what a GPU tensor would.
    const cast =
      dtype === 'f32'
        ? Float32Array.from(values)
        : dtype === 'i32'
          ? Int32Array.from(values)
          : Uint32Array.from(values);
    this.d(s).set(cast);
  }

  async read(s: Storage, size: number, dtype: DType): Promise<AnyTypedArray> {
    const d = this.d(s).subarray(0, size);
    return dtype === 'f32' ? Float32Array.from(d) : dtype === 'i32' ? Int32Array.from(d) : Uint32Array.from(d);
  }

  /** The float64 values themselves (CPU only), for gradient checks. */
  readExact(s: Storage, size: number): Float64Array {
    return this.d(s).slice(0, size);
  }

  free(s: Storage): void {
    this.stats.liveBytes -= s.bytes;
    this.stats.liveBuffers--;
  }

  run<P, In extends readonly Slot[]>(
    kernel: Kernel<P, In>,
    inputs: Inputs<Storage, In>,
    params: P,
    outputs?: readonly Storage[],
  ): Storage[] {
    const results = kernel.reference(
      mapInputs(inputs, (s) => this.d(s)),
      params,
      outputs?.map((s) => this.d(s)),
    );
    return outputs ? [...outputs] : results.map((data) => this.wrap(data));
  }

  async sync(): Promise<void> {}

  memory(): MemoryStats {
    return { ...this.stats };
  }

  dispose(): void {}
}
