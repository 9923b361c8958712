// Compute pipelines compiled once, keyed by (WGSL source id, entry point, override values), with explicit
// bind-group layouts shared by every kernel of one binding signature. Compile errors become ShaderCompileError.
import type { KernelProgram, WgslSource } from '../../../kernels/common/program.ts';
import { ShaderCompileError } from '../errors.ts';

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

/** The override values of a program as a key part; programs of one builder list them in one order. */
function constantsKey(constants: Record<string, number>): string {
  let key = '';
  for (const name in constants) key += `${name}=${constants[name]},`;
  return key;
}

/** Output bindings of a program: the first plus `extraOutputBytes`. */
export function outputCount(p: KernelProgram): number {
  return 1 + (p.extraOutputBytes?.length ?? 0);
}

export class PipelineCache {
  private modules = new Map<number, GPUShaderModule>();
  /** Per WGSL source id, pipelines by `entryPoint|constants`. */
  private pipelines = new Map<number, Map<string, GPUComputePipeline>>();
  /** Per binding signature (inputs/outputs), the bind-group layout and the pipeline layout around it. */
  private layouts = new Map<string, { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout }>();
  /** Number of pipelines compiled (for tests and debug output). */
  compiled = 0;

  constructor(
    private device: GPUDevice,
    private onShader?: (label: string, code: string) => void,
  ) {}

  private module(source: WgslSource): GPUShaderModule {
    let m = this.modules.get(source.id);
    if (!m) {
      m = this.device.createShaderModule({ code: source.code, label: source.name });
      this.modules.set(source.id, m);
      this.onShader?.(source.name, source.code);
    }
    return m;
  }

  /**
   * The bind-group layout of every kernel that binds a uniform block at 0, `inputs` read-only storage buffers
   * at 1..inputs and `outputs` read-write ones after them — the contract of KernelProgram. Explicit (not
   * 'auto') so one layout, and bind groups made for it, serve every pipeline of that signature.
   */
  layout(inputs: number, outputs: number): { group: GPUBindGroupLayout; pipeline: GPUPipelineLayout } {
    const key = `${inputs}/${outputs}`;
    let l = this.layouts.get(key);
    if (!l) {
      const entries: GPUBindGroupLayoutEntry[] = [
        { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform' } },
      ];
      for (let i = 0; i < inputs + outputs; i++)
        entries.push({
          binding: i + 1,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: i < inputs ? 'read-only-storage' : 'storage' },
        });
      const group = this.device.createBindGroupLayout({ label: `bindings ${key}`, entries });
      l = { group, pipeline: this.device.createPipelineLayout({ label: `layout ${key}`, bindGroupLayouts: [group] }) };
      this.layouts.set(key, l);
    }
    return l;
  }

  /** Returns the cached pipeline or creates it synchronously (its errors surface through the caller's scope). */
  get(p: KernelProgram): GPUComputePipeline {
    let bySource = this.pipelines.get(p.source.id);
    if (!bySource) this.pipelines.set(p.source.id, (bySource = new Map()));
    const key = `${p.entryPoint}|${constantsKey(p.constants)}`;
    const hit = bySource.get(key);
    if (hit) return hit;
    const pipeline = this.device.createComputePipeline({
      label: p.label,
      layout: this.layout(p.inputCount, outputCount(p)).pipeline,
      compute: { module: this.module(p.source), entryPoint: p.entryPoint, constants: p.constants },
    });
    bySource.set(key, pipeline);
    this.compiled++;
    return pipeline;
  }

  /** The compiled shader module of a source, for error reporting. */
  moduleOf(source: WgslSource): GPUShaderModule | undefined {
    return this.modules.get(source.id);
  }
}
