// The contract between a kernel spec and the engine's WebGPU runner: what to compile, what to bind, how to dispatch.
// Kernels are a leaf of the import graph, so this file is the only shared vocabulary.

/**
 * One WGSL module, made once when its kernel file loads. The id keys the pipeline cache, so a dispatch never
 * hashes the source text; `code` is only read when the module is first compiled (and for compile errors).
 */
export interface WgslSource {
  readonly id: number;
  readonly name: string;
  readonly code: string;
}

let nextSourceId = 0;

/** Declares a WGSL module from its parts (shared cores first), joined once. */
export function wgsl(name: string, ...parts: string[]): WgslSource {
  return Object.freeze({ id: nextSourceId++, name, code: parts.join('\n') });
}

/** Everything the runner needs to record one compute dispatch. */
export interface KernelProgram {
  /** Human-readable name used for GPU object labels and error messages. */
  label: string;
  /** The WGSL module (from `.wgsl` files). */
  source: WgslSource;
  entryPoint: string;
  /** Values for WGSL `override` constants (tile sizes, op selectors). Part of the pipeline cache key. */
  constants: Record<string, number>;
  /** Contents of the uniform buffer at @binding(0). */
  uniforms: Uint32Array<ArrayBuffer>;
  /** Read-only storage bindings, in order, at @binding(1..n); the output is @binding(n+1). */
  inputCount: number;
  /** Bytes of the output buffer. */
  outputBytes: number;
  /** Bytes of further outputs, bound after the first at @binding(n+2), (n+3), … (e.g. saved statistics). */
  extraOutputBytes?: number[];
  /** Workgroup counts. */
  dispatch: [number, number, number];
  /**
   * The uniforms change on every call (learning rate, step, seed): use a one-off buffer instead of the
   * content-keyed cache, so per-step values do not churn the uniform and bind-group caches.
   */
  volatileUniforms?: boolean;
}

/**
 * Invocations per workgroup for the kernels that give each row one workgroup and reduce it through
 * workgroup memory (softmax, layer norm, cross-entropy, row reductions). 64 up to 4096 columns (at most
 * 64 values per invocation; two warps or one wavefront on GPUs), 256 beyond. Measured on SwiftShader,
 * softmax [256, 768] went from 263 ms at 256 invocations to 17.5 ms at 64: its barriers cost in
 * proportion to the workgroup size. Always a power of two (the tree reductions need it).
 */
export function rowWorkgroupSize(cols: number): number {
  return cols <= 4096 ? 64 : 256;
}

/** Max workgroups along one dimension guaranteed by WebGPU's default limits. */
export const MAX_WORKGROUPS_PER_DIM = 65535;

/**
 * Spreads `groups` workgroups over x and y so neither exceeds the per-dimension limit.
 * Shaders recover the linear index as `wid.x + wid.y * nwg.x`.
 */
export function spreadWorkgroups(groups: number): [number, number, number] {
  if (groups <= MAX_WORKGROUPS_PER_DIM) return [Math.max(1, groups), 1, 1];
  const y = Math.ceil(groups / MAX_WORKGROUPS_PER_DIM);
  const x = Math.ceil(groups / y);
  return [x, y, 1];
}

/** Largest rank the strided kernels accept (shape and strides travel as two vec4<u32>). */
export const MAX_RANK = 8;

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** The bit pattern of an f32, for packing floats into a u32 uniform block (read back with bitcast<f32>). */
export function f32Bits(x: number): number {
  f32Scratch[0] = x;
  return u32Scratch[0];
}

/** Packs a list of dims (length <= MAX_RANK) into 8 u32 slots, zero-filled. */
export function packDims(dims: readonly number[]): number[] {
  if (dims.length > MAX_RANK) throw new RangeError(`rank ${dims.length} exceeds the maximum of ${MAX_RANK}`);
  const out = new Array<number>(MAX_RANK).fill(0);
  dims.forEach((d, i) => (out[i] = d));
  return out;
}
