// The WebGPU backend: storage from the buffer pool, and kernels run through their launch plans, which record
// their programs with the runner. GEMM tiles come from forceTiles, else the autotuned table, else the cost model.
import type { AnyTypedArray, Backend, DType, MemoryStats, Storage } from '../backend.ts';
import type { Inputs, Kernel, Launcher, Slot } from '../../../kernels/common/kernel.ts';
import type { GemmProblem, MatmulTiles } from '../../../kernels/matmul/matmul.ts';
import { GpuRunner, type RunnerOptions } from './runner.ts';
import { TileTable } from './autotune.ts';

export interface GpuStorage extends Storage {
  buffer: GPUBuffer;
}

const typed = (values: ArrayLike<number>, dtype: DType): AnyTypedArray =>
  dtype === 'f32' ? Float32Array.from(values) : dtype === 'i32' ? Int32Array.from(values) : Uint32Array.from(values);

export class WebGPUBackend implements Backend {
  readonly kind = 'webgpu' as const;
  readonly runner: GpuRunner;
  /** Tiles for every matmul and conv (tests, benchmarks, the autotuner's timing runs); null consults `tileTable`. */
  forceTiles: MatmulTiles | null = null;
  /** Autotuned tiles per problem class (see autotune.ts); a class it lacks falls back to the cost model. */
  tileTable = new TileTable();
  /** What launch plans see of this backend: dispatch, free scratch, and the tiles of a GEMM. */
  private readonly launcher: Launcher<Storage> = {
    dispatch: (program, inputs, outputs) => {
      const buffers = this.runner.runAll(
        program,
        inputs.map((s) => (s ? this.buffer(s) : this.runner.dummyBuffer)),
        outputs?.map((s) => this.buffer(s)),
      );
      if (outputs) return [...outputs];
      const sizes = [program.outputBytes, ...(program.extraOutputBytes ?? [])];
      return buffers.map((buffer, i): GpuStorage => ({ buffer, bytes: sizes[i], refs: 0 }));
    },
    free: (s) => this.free(s),
    tiles: (p) => this.tilesFor(p),
  };

  constructor(
    readonly device: GPUDevice,
    opts: RunnerOptions = {},
  ) {
    this.runner = new GpuRunner(device, opts);
  }

  private buffer(s: Storage): GPUBuffer {
    return (s as GpuStorage).buffer;
  }

  allocate(bytes: number, label: string): Storage {
    const storage: GpuStorage = { buffer: this.runner.allocate(bytes, label), bytes, refs: 0 };
    return storage;
  }

  write(s: Storage, values: ArrayLike<number>, dtype: DType): void {
    this.runner.write(this.buffer(s), typed(values, dtype));
  }

  async read(s: Storage, size: number, dtype: DType): Promise<AnyTypedArray> {
    const raw = await this.runner.read(this.buffer(s), size * 4);
    return dtype === 'f32' ? new Float32Array(raw) : dtype === 'i32' ? new Int32Array(raw) : new Uint32Array(raw);
  }

  free(s: Storage): void {
    this.runner.pool.release(this.buffer(s));
  }

  run<P, In extends readonly Slot[]>(
    kernel: Kernel<P, In>,
    inputs: Inputs<Storage, In>,
    params: P,
    outputs?: readonly Storage[],
  ): Storage[] {
    return kernel.launch(this.launcher, inputs, params, outputs);
  }

  /** The tiles of one GEMM: forced, else tuned for its class, else undefined (the kernel's cost model). */
  private tilesFor(p: GemmProblem): MatmulTiles | undefined {
    return this.forceTiles ?? this.tileTable.lookup(p);
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
