// Compute pipelines compiled once, keyed by the final WGSL source, entry point and override values.
// Synchronous creation serves the op path; compileAsync shares in-flight compiles (for warm-up).
// Compile errors become ShaderCompileError with line, column and the source line.
import type { KernelProgram } from '../../../kernels/common/program.ts';
import { ShaderCompileError } from '../errors.ts';

function keyOf(p: Pick<KernelProgram, 'code' | 'entryPoint' | 'constants'>): string {
  const consts = Object.keys(p.constants)
    .sort()
    .map((k) => `${k}=${p.constants[k]}`)
    .join(',');
  return `${p.entryPoint}|${consts}|${p.code}`;
}

/** Reads the compilation messages of a module and builds a ShaderCompileError, or null if it compiled. */
export async function compileErrorOf(
  module: GPUShaderModule,
  code: string,
  label: string,
): Promise<ShaderCompileError | null> {
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length === 0) return null;
  const lines = code.split('\n');
  return new ShaderCompileError(
    label,
    errors.map((m) => ({ line: m.lineNum, column: m.linePos, message: m.message, source: lines[m.lineNum - 1] ?? '' })),
  );
}

export class PipelineCache {
  private modules = new Map<string, GPUShaderModule>();
  private pipelines = new Map<string, GPUComputePipeline>();
  private inFlight = new Map<string, Promise<GPUComputePipeline>>();
  private ids = new WeakMap<GPUComputePipeline, number>();
  private nextId = 0;
  /** Number of pipelines compiled (for tests and debug output). */
  compiled = 0;

  constructor(
    private device: GPUDevice,
    private onShader?: (label: string, code: string) => void,
  ) {}

  private module(code: string, label: string): GPUShaderModule {
    let m = this.modules.get(code);
    if (!m) {
      m = this.device.createShaderModule({ code, label });
      this.modules.set(code, m);
      this.onShader?.(label, code);
    }
    return m;
  }

  private remember(key: string, pipeline: GPUComputePipeline): GPUComputePipeline {
    this.pipelines.set(key, pipeline);
    this.ids.set(pipeline, this.nextId++);
    this.compiled++;
    return pipeline;
  }

  /** Returns the cached pipeline or creates it synchronously. */
  get(p: KernelProgram): GPUComputePipeline {
    const key = keyOf(p);
    const hit = this.pipelines.get(key);
    if (hit) return hit;
    const module = this.module(p.code, p.label);
    return this.remember(
      key,
      this.device.createComputePipeline({
        label: p.label,
        layout: 'auto',
        compute: { module, entryPoint: p.entryPoint, constants: p.constants },
      }),
    );
  }

  /** Compiles without blocking; concurrent requests for the same key share one compile. */
  compileAsync(p: KernelProgram): Promise<GPUComputePipeline> {
    const key = keyOf(p);
    const hit = this.pipelines.get(key);
    if (hit) return Promise.resolve(hit);
    let pending = this.inFlight.get(key);
    if (!pending) {
      const module = this.module(p.code, p.label);
      pending = this.device
        .createComputePipelineAsync({
          label: p.label,
          layout: 'auto',
          compute: { module, entryPoint: p.entryPoint, constants: p.constants },
        })
        .then(
          (pl) => this.remember(key, pl),
          async (e: unknown) => {
            throw (await compileErrorOf(module, p.code, p.label)) ?? e;
          },
        )
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** The cached shader module of a program's source, for error reporting. */
  moduleOf(code: string): GPUShaderModule | undefined {
    return this.modules.get(code);
  }

  idOf(pipeline: GPUComputePipeline): number {
    return this.ids.get(pipeline) ?? -1;
  }
}
