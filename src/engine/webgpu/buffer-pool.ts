// GPU buffer pool: storage buffers are reused in size buckets instead of being created and destroyed per op.
// Buckets are quarter-steps between powers of two (at most 25% waste), 16-byte aligned so any buffer can be
// bound as array<vec4<f32>>. The pool never destroys a buffer that a pending command may still use.
import type { MemoryStats } from '../backend.ts';

const MIN_BYTES = 16;

/** The bucket size that holds `bytes`: the next multiple of a quarter of the enclosing power of two. */
export function bucketSize(bytes: number): number {
  if (bytes <= MIN_BYTES) return MIN_BYTES;
  const pow = 2 ** Math.floor(Math.log2(bytes));
  const step = Math.max(MIN_BYTES, pow / 4);
  return Math.ceil(bytes / step) * step;
}

export class BufferPool {
  private free = new Map<number, GPUBuffer[]>();
  private stats: MemoryStats = {
    liveBytes: 0,
    liveBuffers: 0,
    pooledBytes: 0,
    pooledBuffers: 0,
    allocations: 0,
    reuses: 0,
    peakLiveBytes: 0,
  };
  private nextId = 0;
  /** Stable ids for bind-group cache keys. */
  readonly ids = new WeakMap<GPUBuffer, number>();

  constructor(private device: GPUDevice) {}

  /** A buffer of at least `bytes` (≤ maxBytes), from the pool when one of the same bucket is free. */
  acquire(bytes: number, label: string, maxBytes = Infinity): GPUBuffer {
    // Near the device limit a bucket could exceed it: fall back to the exact (16-byte aligned) size.
    let size = bucketSize(bytes);
    if (size > maxBytes) size = Math.ceil(bytes / 16) * 16;
    const list = this.free.get(size);
    let buf = list?.pop();
    if (buf) {
      buf.label = label;
      this.stats.reuses++;
      this.stats.pooledBytes -= size;
      this.stats.pooledBuffers--;
    } else {
      buf = this.device.createBuffer({
        size,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
        label,
      });
      this.ids.set(buf, this.nextId++);
      this.stats.allocations++;
    }
    this.stats.liveBytes += size;
    this.stats.liveBuffers++;
    this.stats.peakLiveBytes = Math.max(this.stats.peakLiveBytes, this.stats.liveBytes);
    return buf;
  }

  /** Returns a buffer for reuse. */
  release(buf: GPUBuffer): void {
    const size = buf.size;
    this.stats.liveBytes -= size;
    this.stats.liveBuffers--;
    this.stats.pooledBytes += size;
    this.stats.pooledBuffers++;
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(buf);
  }

  /** Destroys every pooled buffer (call after the pending commands were submitted). */
  trim(): void {
    for (const list of this.free.values()) for (const b of list) b.destroy();
    this.free.clear();
    this.stats.pooledBytes = 0;
    this.stats.pooledBuffers = 0;
  }

  memory(): MemoryStats {
    return { ...this.stats };
  }
}
