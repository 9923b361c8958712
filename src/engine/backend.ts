// The small interface every backend implements: storage, and running a kernel descriptor (kernels/common/kernel.ts).
// Two backends exist: WebGPU (the descriptors' launch plans) and CPU (their float64 references).
import type { Inputs, Kernel, Slot } from '../../kernels/common/kernel.ts';

export type DType = 'f32' | 'i32' | 'u32';
export type TypedArrayOf<D extends DType> = D extends 'f32' ? Float32Array : D extends 'i32' ? Int32Array : Uint32Array;
export type AnyTypedArray = Float32Array | Int32Array | Uint32Array;

/** Backend-owned memory for one tensor's elements; views share it through the reference count. */
export interface Storage {
  /** Bytes requested for the elements (4 per element). */
  readonly bytes: number;
  /** Number of tensors sharing this storage. */
  refs: number;
}

/** Memory statistics, the same on every backend, so leak tests read one shape. */
export interface MemoryStats {
  /** Bytes held by live tensors' storage (as allocated, including bucket rounding). */
  liveBytes: number;
  liveBuffers: number;
  /** Bytes kept in the pool for reuse. */
  pooledBytes: number;
  pooledBuffers: number;
  /** Fresh allocations from the device so far. */
  allocations: number;
  /** Requests served from the pool. */
  reuses: number;
  peakLiveBytes: number;
}

export interface Backend {
  readonly kind: 'webgpu' | 'cpu';
  /** Uninitialised storage for `bytes` (4 per element). */
  allocate(bytes: number, label: string): Storage;
  /** Host values into storage, stored as `dtype` (the CPU backend rounds through it too). */
  write(s: Storage, values: ArrayLike<number>, dtype: DType): void;
  read(s: Storage, size: number, dtype: DType): Promise<AnyTypedArray>;
  free(s: Storage): void;
  /**
   * Runs a kernel: its launch plan on a GPU, its reference on the CPU. Returns its outputs, fresh storage
   * unless `outputs` are given (then written in place and returned).
   */
  run<P, In extends readonly Slot[]>(
    kernel: Kernel<P, In>,
    inputs: Inputs<Storage, In>,
    params: P,
    outputs?: readonly Storage[],
  ): Storage[];
  /** Submits pending work and waits for the device to finish it. */
  sync(): Promise<void>;
  memory(): MemoryStats;
  dispose(): void;
}
