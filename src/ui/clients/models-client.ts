// The page's handle on the models worker (imported ONNX models), wrapping its Comlink API. A model file's bytes
// are transferred to the worker (the caller's copy is emptied).
import * as Comlink from 'comlink';
import { WorkerLink } from './worker-link.ts';
import type { BatchInput, BatchProgress, HostTensor, ModelsApi } from '../../protocol/models.ts';

export class ModelsClient {
  private link: WorkerLink<ModelsApi> | null = null;
  /** The worker starts on first use: most visits never open a model, and it loads onnxruntime-web when needed. */
  private get api() {
    this.link ??= new WorkerLink<ModelsApi>(
      'models',
      () =>
        new Worker(new URL('../../../workers/models.worker.ts', import.meta.url), { type: 'module', name: 'models' }),
      // Opening a large model in onnxruntime-web compiles its wasm first: slow on a busy machine, but never stuck.
      { unresponsiveAfterMs: 120_000 },
    );
    return this.link.api;
  }

  /** Imports a model file; `bytes` is transferred. */
  importModel(bytes: Uint8Array, fileName: string, name: string, labels: string | null) {
    return this.api.importModel(Comlink.transfer(bytes, [bytes.buffer]), fileName, name, labels);
  }
  listModels() {
    return this.api.listModels();
  }
  deleteModel(id: string) {
    return this.api.deleteModel(id);
  }
  exportModel(id: string) {
    return this.api.exportModel(id);
  }
  /** One call on raw tensors; their buffers are transferred. */
  runModel(id: string, feeds: Record<string, HostTensor>) {
    const buffers = Object.values(feeds).map((t) => t.data.buffer as ArrayBuffer);
    return this.api.runModel(id, Comlink.transfer(feeds, buffers));
  }
  runBatch(id: string, input: BatchInput, onProgress?: (p: BatchProgress) => void) {
    return this.api.runBatch(id, input, onProgress && Comlink.proxy(onProgress));
  }
  foreignRequests() {
    return this.api.foreignRequests();
  }
  dispose(): void {
    this.link?.dispose();
    this.link = null;
  }
}
