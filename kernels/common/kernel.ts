// The kernel descriptor each kernel folder exports: its launch plan on a GPU (one or more KernelPrograms) and
// its float64 reference, which is what the CPU backend runs. Backends know descriptors, not individual kernels.
import type { KernelProgram } from './program.ts';
import type { GemmProblem, MatmulTiles } from '../matmul/matmul.ts';

/** How a kernel input is bound: always present, or optional (a placeholder buffer is bound when absent). */
export type Slot = 'req' | 'opt';

/** The inputs of a kernel with slots `In`, as handles of type `B` (tensors, GPU buffers, float64 arrays). */
export type Inputs<B, In extends readonly Slot[]> = { readonly [I in keyof In]: In[I] extends 'opt' ? B | null : B };

/**
 * What a launch plan may ask of a GPU backend; `B` is the backend's buffer handle, opaque to kernels.
 * Plans only record: nothing here waits for the device.
 */
export interface Launcher<B> {
  /**
   * Records one dispatch. Outputs are allocated from `outputBytes`/`extraOutputBytes` unless `outputs` are
   * given (then they are written in place); a null input binds a placeholder.
   */
  dispatch(program: KernelProgram, inputs: readonly (B | null)[], outputs?: readonly B[]): B[];
  /** Returns a scratch buffer the plan made (split-K partials, backward statistics) to the pool. */
  free(buffer: B): void;
  /** Tiles for a GEMM-shaped problem (forced, or autotuned for its class); undefined lets the cost model pick. */
  tiles(problem: GemmProblem): MatmulTiles | undefined;
}

/**
 * One kernel family as every backend sees it, generic over its parameters `P` and input slots `In`.
 * `launch` and `reference` return the same outputs in the same order (written in place when given).
 */
export interface Kernel<P, In extends readonly Slot[]> {
  readonly name: string;
  /** The launch plan: the dispatches (grid, tiles, passes) that compute the outputs on a GPU. */
  launch<B>(gpu: Launcher<B>, inputs: Inputs<B, In>, params: P, outputs?: readonly B[]): B[];
  /** The float64 reference: the CPU backend's implementation and the kernel tests' oracle. */
  reference(inputs: Inputs<Float64Array, In>, params: P, outputs?: readonly Float64Array[]): Float64Array[];
}

/** Declares a kernel descriptor; `In` lists its input slots, e.g. `defineKernel<Params, ['req', 'opt']>(…)`. */
export function defineKernel<P, In extends readonly Slot[]>(k: Kernel<P, In>): Kernel<P, In> {
  return k;
}

/**
 * The descriptor of a kernel that runs as one program: `program` builds it from the parameters and `reference`
 * computes the same outputs in float64.
 */
export function singlePass<P, In extends readonly Slot[]>(
  name: string,
  program: (params: P) => KernelProgram,
  reference: Kernel<P, In>['reference'],
): Kernel<P, In> {
  return { name, launch: (gpu, inputs, params, outputs) => gpu.dispatch(program(params), inputs, outputs), reference };
}

/** Maps each present input through `f`, keeping the slots (and so the arity the compiler checked). */
export function mapInputs<A, B, In extends readonly Slot[]>(inputs: Inputs<A, In>, f: (a: A) => B): Inputs<B, In> {
  // A map over a tuple keeps its length and which entries may be null; TypeScript cannot see that through `map`.
  return (inputs as readonly (A | null)[]).map((x) => (x === null ? null : f(x))) as unknown as Inputs<B, In>;
}
