// A RunnableModel on onnxruntime-web, for ONNX graphs our engine does not run: the WebGPU execution provider when
// this worker can have a GPU, ORT's WebAssembly CPU kernels otherwise. ORT's one wasm file is served from the app's
// own origin (a build asset, precached by the service worker: vite.config.ts): nothing comes from a CDN.
import type * as Ort from 'onnxruntime-web/webgpu';
// The WebGPU build's one wasm (it also holds the CPU kernels of the wasm provider), as a URL on our origin.
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import { checkFeeds } from '../check-feeds.ts';
import { ModelFormatError } from '../errors.ts';
import type { HostTensor, ModelSignature, RunnableModel } from '../model.ts';

/** Which of ORT's execution providers runs a model, and why the GPU one does not when it does not. */
export interface OrtBackend {
  provider: 'webgpu' | 'wasm';
  /** Why WebGPU was not used (no adapter in this worker, or ORT refused the graph on it); null when it was. */
  fallbackReason: string | null;
}

let loading: Promise<typeof Ort> | null = null;

/** Loads ORT once per worker (a separate chunk: pages that never fall back never download it). */
function loadOrt(): Promise<typeof Ort> {
  return (loading ??= import('onnxruntime-web/webgpu').then((ort) => {
    ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };
    // The studio's pages are not cross-origin isolated, so wasm threads (SharedArrayBuffer) are not available.
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    return ort;
  }));
}

function toOrt(ort: typeof Ort, t: HostTensor): Ort.Tensor {
  return new ort.Tensor(t.dtype, t.data as Float32Array, t.shape);
}

/** ORT's output as a host tensor whose buffer is its own (so it can be transferred to the page). */
function fromOrt(t: Ort.Tensor): HostTensor {
  const dtype = t.type as HostTensor['dtype'];
  if (!['float32', 'int32', 'int64', 'uint8', 'bool'].includes(dtype))
    throw new ModelFormatError(`The model produced ${t.type} values, which the studio cannot show.`);
  const data = t.data as HostTensor['data'];
  const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
  return { dtype, shape: [...t.dims], data: own };
}

class OrtModel implements RunnableModel {
  readonly engine = 'onnxruntime-web';
  constructor(
    private readonly ort: typeof Ort,
    private readonly session: Ort.InferenceSession,
    readonly signature: ModelSignature,
    readonly backend: OrtBackend,
  ) {}

  async run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    checkFeeds(this.signature, feeds);
    const inputs: Record<string, Ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) inputs[name] = toOrt(this.ort, t);
    const out = await this.session.run(inputs);
    const result: Record<string, HostTensor> = {};
    try {
      for (const s of this.signature.outputs) result[s.name] = fromOrt(out[s.name]);
    } finally {
      for (const t of Object.values(out)) t.dispose();
    }
    return result;
  }

  dispose(): void {
    void this.session.release();
  }
}

/** ORT's own message, without its stack of C++ frames. */
const ortMessage = (e: unknown) => String((e as Error)?.message ?? e).split('\n')[0];

/**
 * Opens an ONNX file in onnxruntime-web: on WebGPU when `gpu` is true and it works, else on the wasm CPU provider.
 * A file ORT cannot load on either is a ModelFormatError quoting ORT's reason.
 */
export async function ortModel(
  bytes: Uint8Array,
  fileName: string,
  signature: ModelSignature,
  gpu = typeof navigator !== 'undefined' && 'gpu' in navigator,
): Promise<RunnableModel & { backend: OrtBackend }> {
  const ort = await loadOrt();
  const options = (provider: 'webgpu' | 'wasm'): Ort.InferenceSession.SessionOptions => ({
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    // Errors only: ORT's warnings (which nodes it placed on the CPU) mean nothing to the person running the model.
    logSeverityLevel: 3,
  });
  let fallbackReason = 'this browser has no WebGPU in workers';
  if (gpu) {
    try {
      const session = await ort.InferenceSession.create(bytes, options('webgpu'));
      return new OrtModel(ort, session, signature, { provider: 'webgpu', fallbackReason: null });
    } catch (e) {
      fallbackReason = `its WebGPU provider failed (${ortMessage(e)})`;
    }
  }
  try {
    const session = await ort.InferenceSession.create(bytes, options('wasm'));
    return new OrtModel(ort, session, signature, { provider: 'wasm', fallbackReason });
  } catch (e) {
    throw new ModelFormatError(`onnxruntime-web cannot load ${fileName}: ${ortMessage(e)}`);
  }
}
