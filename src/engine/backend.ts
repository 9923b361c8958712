// The small interface every backend implements: storage plus the primitive kernels the op table composes.
// Two backends exist: WebGPU (our WGSL kernels) and CPU (the float64 references, the oracle and fallback).
import type { UnaryOp } from '../../kernels/unary/unary.ts';
import type { BinaryOp } from '../../kernels/binary/binary.ts';
import type { ReduceOp } from '../../kernels/reduce/reduce.ts';
import type { CopySpec } from '../../kernels/copy/copy.ts';
import type { GatherDims } from '../../kernels/gather/gather.ts';
import type { MatmulActivation, MatmulSpec } from '../../kernels/matmul/matmul.ts';
import type { CastKind } from '../../kernels/copy/copy.ts';
import type { Conv2dGeometry } from '../../kernels/conv2d/conv2d.ts';
import type { Pool2dGeometry, PoolKind } from '../../kernels/pool2d/pool2d.ts';
import type { CrossEntropyOptions } from '../../kernels/cross-entropy/cross-entropy.ts';
import type { AttentionDims } from '../../kernels/attention/attention.ts';
import type { AdamHyper, SgdHyper } from '../../kernels/optim/optim.ts';
import type { RnnCellKind } from '../../kernels/rnn-cell/rnn-cell.ts';

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
  upload(values: ArrayLike<number>, dtype: DType, label: string): Storage;
  read(s: Storage, size: number, dtype: DType): Promise<AnyTypedArray>;
  release(s: Storage): void;
  fill(size: number, value: number, dtype: DType, label: string): Storage;
  unary(op: UnaryOp, x: Storage, size: number, alpha: number): Storage;
  unaryBackward(op: UnaryOp, x: Storage, dy: Storage, size: number, alpha: number): Storage;
  binary(
    op: BinaryOp,
    a: Storage,
    b: Storage,
    shape: readonly number[],
    aStrides: readonly number[],
    bStrides: readonly number[],
  ): Storage;
  where(
    c: Storage,
    a: Storage,
    b: Storage,
    shape: readonly number[],
    cs: readonly number[],
    as: readonly number[],
    bs: readonly number[],
  ): Storage;
  /**
   * Copies a strided region of src into dst (a new uninitialised storage of spec.dstSize elements when dst is null).
   */
  copy(src: Storage, dst: Storage | null, spec: CopySpec, dtype: DType): Storage;
  reduce(op: ReduceOp, x: Storage, rows: number, cols: number, scale: number): Storage;
  matmul(a: Storage, b: Storage, bias: Storage | null, spec: MatmulSpec): Storage;
  gather(x: Storage, idx: Storage, dims: GatherDims): Storage;
  gatherBackward(dy: Storage, idx: Storage, dims: GatherDims): Storage;
  cast(x: Storage, size: number, kind: CastKind): Storage;
  conv2d(x: Storage, w: Storage, bias: Storage | null, g: Conv2dGeometry, activation: MatmulActivation): Storage;
  conv2dInputGrad(dy: Storage, w: Storage, g: Conv2dGeometry): Storage;
  conv2dFilterGrad(x: Storage, dy: Storage, g: Conv2dGeometry): Storage;
  /** y, plus the argmax positions (i32) for max pooling. */
  pool2d(kind: PoolKind, x: Storage, g: Pool2dGeometry): { y: Storage; argmax: Storage | null };
  pool2dBackward(kind: PoolKind, dy: Storage, argmax: Storage | null, g: Pool2dGeometry): Storage;
  softmax(x: Storage, rows: number, cols: number, log: boolean): Storage;
  softmaxBackward(y: Storage, dy: Storage, rows: number, cols: number, log: boolean): Storage;
  layerNorm(
    x: Storage,
    gamma: Storage,
    beta: Storage,
    rows: number,
    cols: number,
    eps: number,
  ): { y: Storage; mean: Storage; rstd: Storage };
  layerNormBackward(
    x: Storage,
    gamma: Storage,
    dy: Storage,
    mean: Storage,
    rstd: Storage,
    rows: number,
    cols: number,
    eps: number,
  ): Storage;
  crossEntropy(
    logits: Storage,
    labels: Storage,
    rows: number,
    cols: number,
    o: CrossEntropyOptions,
  ): { loss: Storage; lse: Storage };
  crossEntropyBackward(
    logits: Storage,
    labels: Storage,
    lse: Storage,
    dloss: Storage,
    rows: number,
    cols: number,
    o: CrossEntropyOptions,
  ): Storage;
  dropout(x: Storage, size: number, p: number, seed: number): Storage;
  attention(q: Storage, k: Storage, v: Storage, lens: Storage | null, a: AttentionDims): { o: Storage; lse: Storage };
  attentionBackward(
    q: Storage,
    k: Storage,
    v: Storage,
    o: Storage,
    dO: Storage,
    lse: Storage,
    lens: Storage | null,
    a: AttentionDims,
  ): { dq: Storage; dk: Storage; dv: Storage };
  /**
   * One fused recurrent step: the next state from the gate pre-activations xt, hr and the state (see kernels/rnn-cell).
   */
  rnnCell(kind: RnnCellKind, xt: Storage, hr: Storage, state: Storage, batch: number, units: number): Storage;
  /** LSTM: [dz, dState] (dz is the gradient of xt and of hr); GRU: [dxt, dhr, dh]. */
  rnnCellBackward(
    kind: RnnCellKind,
    xt: Storage,
    hr: Storage,
    state: Storage,
    dNext: Storage,
    batch: number,
    units: number,
  ): Storage[];
  /** In-place optimizer steps; `scale` is a one-element gradient multiplier (global-norm clipping). */
  sgdUpdate(param: Storage, grad: Storage, velocity: Storage | null, scale: Storage, size: number, h: SgdHyper): void;
  adamUpdate(param: Storage, grad: Storage, m: Storage, v: Storage, scale: Storage, size: number, h: AdamHyper): void;
  /** Submits pending work and waits for the device to finish it. */
  sync(): Promise<void>;
  memory(): MemoryStats;
  dispose(): void;
}
