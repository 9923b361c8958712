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
import { conv2dFilterGradRef, conv2dInputGradRef, conv2dRef } from '../../../kernels/conv2d/conv2d.ref.ts';
import { pool2dBackwardRef, pool2dRef } from '../../../kernels/pool2d/pool2d.ref.ts';
import { softmaxBackwardRef, softmaxRef } from '../../../kernels/softmax/softmax.ref.ts';
import { layerNormBackwardRef, layerNormRef } from '../../../kernels/layernorm/layernorm.ref.ts';
import { crossEntropyBackwardRef, crossEntropyRef } from '../../../kernels/cross-entropy/cross-entropy.ref.ts';
import { dropoutRef } from '../../../kernels/dropout/dropout.ref.ts';
import { attentionBackwardRef, attentionRef } from '../../../kernels/attention/attention.ref.ts';
import { adamRef, sgdRef, type AdamHyper, type SgdHyper } from '../../../kernels/optim/optim.ref.ts';
import {
  gruCellBackwardRef,
  gruCellRef,
  lstmCellBackwardRef,
  lstmCellRef,
} from '../../../kernels/rnn-cell/rnn-cell.ref.ts';
import type { RnnCellKind } from '../../../kernels/rnn-cell/rnn-cell.ts';
import type { CastKind } from '../../../kernels/copy/copy.ts';
import type { Conv2dGeometry } from '../../../kernels/conv2d/conv2d.ts';
import type { Pool2dGeometry, PoolKind } from '../../../kernels/pool2d/pool2d.ts';
import type { CrossEntropyOptions } from '../../../kernels/cross-entropy/cross-entropy.ts';
import type { AttentionDims } from '../../../kernels/attention/attention.ts';
import type { MatmulActivation } from '../../../kernels/matmul/matmul.ts';

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

  upload(values: ArrayLike<number>, dtype: DType): Storage {
    const data = Float64Array.from(values as ArrayLike<number>);
    // Round-trip through the dtype so CPU tensors hold exactly what a GPU tensor would.
    const cast =
      dtype === 'f32' ? Float32Array.from(data) : dtype === 'i32' ? Int32Array.from(data) : Uint32Array.from(data);
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

  binary(
    op: Parameters<Backend['binary']>[0],
    a: Storage,
    b: Storage,
    shape: readonly number[],
    as: readonly number[],
    bs: readonly number[],
  ): Storage {
    return this.wrap(binaryRef(op, this.d(a), as, this.d(b), bs, shape));
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

  cast(x: Storage, size: number, kind: CastKind): Storage {
    const d = this.d(x).subarray(0, size);
    return this.wrap(kind === 'f32->i32' ? Float64Array.from(d, Math.trunc) : Float64Array.from(d));
  }

  conv2d(x: Storage, w: Storage, bias: Storage | null, g: Conv2dGeometry, activation: MatmulActivation): Storage {
    return this.wrap(conv2dRef(this.d(x), this.d(w), bias ? this.d(bias) : null, g, activation));
  }

  conv2dInputGrad(dy: Storage, w: Storage, g: Conv2dGeometry): Storage {
    return this.wrap(conv2dInputGradRef(this.d(dy), this.d(w), g));
  }

  conv2dFilterGrad(x: Storage, dy: Storage, g: Conv2dGeometry): Storage {
    return this.wrap(conv2dFilterGradRef(this.d(x), this.d(dy), g));
  }

  pool2d(kind: PoolKind, x: Storage, g: Pool2dGeometry): { y: Storage; argmax: Storage | null } {
    const r = pool2dRef(kind, this.d(x), g);
    return { y: this.wrap(r.y), argmax: kind === 'max' ? this.wrap(Float64Array.from(r.argmax)) : null };
  }

  pool2dBackward(kind: PoolKind, dy: Storage, argmax: Storage | null, g: Pool2dGeometry): Storage {
    // The reference routes max gradients from the saved argmax positions directly.
    const dx = new Float64Array(g.n * g.h * g.w * g.c);
    const d = this.d(dy);
    if (kind === 'max') {
      const am = this.d(argmax!);
      for (let n = 0; n < g.n; n++)
        for (let o = 0; o < g.oh * g.ow; o++)
          for (let c = 0; c < g.c; c++) {
            const oi = (n * g.oh * g.ow + o) * g.c + c;
            if (am[oi] >= 0) dx[(n * g.h * g.w + am[oi]) * g.c + c] += d[oi];
          }
      return this.wrap(dx);
    }
    return this.wrap(pool2dBackwardRef('avg', new Float64Array(g.n * g.h * g.w * g.c), d, g));
  }

  softmax(x: Storage, rows: number, cols: number, log: boolean): Storage {
    return this.wrap(softmaxRef(this.d(x), rows, cols, log));
  }

  softmaxBackward(y: Storage, dy: Storage, rows: number, cols: number, log: boolean): Storage {
    return this.wrap(softmaxBackwardRef(this.d(y), this.d(dy), rows, cols, log));
  }

  layerNorm(x: Storage, gamma: Storage, beta: Storage, rows: number, cols: number, eps: number) {
    const r = layerNormRef(this.d(x), this.d(gamma), this.d(beta), rows, cols, eps);
    return { y: this.wrap(r.y), mean: this.wrap(r.mean), rstd: this.wrap(r.rstd) };
  }

  layerNormBackward(
    x: Storage,
    gamma: Storage,
    dy: Storage,
    _mean: Storage,
    _rstd: Storage,
    rows: number,
    cols: number,
    eps: number,
  ): Storage {
    return this.wrap(layerNormBackwardRef(this.d(x), this.d(gamma), this.d(dy), rows, cols, eps));
  }

  crossEntropy(logits: Storage, labels: Storage, rows: number, cols: number, o: CrossEntropyOptions) {
    const loss = crossEntropyRef(this.d(logits), this.d(labels), rows, cols, o);
    return { loss: this.wrap(loss), lse: this.wrap(new Float64Array(rows)) };
  }

  crossEntropyBackward(
    logits: Storage,
    labels: Storage,
    _lse: Storage,
    dloss: Storage,
    rows: number,
    cols: number,
    o: CrossEntropyOptions,
  ): Storage {
    return this.wrap(crossEntropyBackwardRef(this.d(logits), this.d(labels), this.d(dloss), rows, cols, o));
  }

  dropout(x: Storage, size: number, p: number, seed: number): Storage {
    return this.wrap(dropoutRef(this.d(x).subarray(0, size), p, seed));
  }

  rnnCell(kind: RnnCellKind, xt: Storage, hr: Storage, state: Storage, batch: number, units: number): Storage {
    const ref = kind === 'lstm' ? lstmCellRef : gruCellRef;
    return this.wrap(ref(this.d(xt), this.d(hr), this.d(state), batch, units));
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
    if (kind === 'lstm') {
      const r = lstmCellBackwardRef(this.d(xt), this.d(hr), this.d(state), this.d(dNext), batch, units);
      return [this.wrap(r.dz), this.wrap(r.dState)];
    }
    const r = gruCellBackwardRef(this.d(xt), this.d(hr), this.d(state), this.d(dNext), batch, units);
    return [this.wrap(r.dxt), this.wrap(r.dhr), this.wrap(r.dh)];
  }

  attention(q: Storage, k: Storage, v: Storage, lens: Storage | null, a: AttentionDims) {
    return {
      o: this.wrap(attentionRef(this.d(q), this.d(k), this.d(v), a, lens ? this.d(lens) : null)),
      lse: this.wrap(new Float64Array(a.b * a.h * a.t)),
    };
  }

  attentionBackward(
    q: Storage,
    k: Storage,
    v: Storage,
    _o: Storage,
    dO: Storage,
    _lse: Storage,
    lens: Storage | null,
    a: AttentionDims,
  ) {
    const r = attentionBackwardRef(this.d(q), this.d(k), this.d(v), this.d(dO), a, lens ? this.d(lens) : null);
    return { dq: this.wrap(r.dq), dk: this.wrap(r.dk), dv: this.wrap(r.dv) };
  }

  sgdUpdate(param: Storage, grad: Storage, velocity: Storage | null, scale: Storage, size: number, h: SgdHyper): void {
    sgdRef(this.d(param).subarray(0, size), this.d(grad), velocity ? this.d(velocity) : null, h, this.d(scale)[0]);
  }

  adamUpdate(param: Storage, grad: Storage, m: Storage, v: Storage, scale: Storage, size: number, h: AdamHyper): void {
    adamRef(this.d(param).subarray(0, size), this.d(grad), this.d(m), this.d(v), h, this.d(scale)[0]);
  }

  async sync(): Promise<void> {}

  memory(): MemoryStats {
    return { ...this.stats };
  }

  dispose(): void {}
}
