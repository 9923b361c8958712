// The page's handle on the read-text worker (src/protocol/ocr.ts), wrapping its Comlink API.
import * as Comlink from 'comlink';
import { WorkerLink } from './worker-link.ts';
import type { OcrApi, OcrEvent } from '../../protocol/ocr.ts';

export class OcrClient {
  private link = new WorkerLink<OcrApi>(
    'read-text',
    () => new Worker(new URL('../../../workers/ocr.worker.ts', import.meta.url), { type: 'module', name: 'read-text' }),
    // Compiling the models and reading a large picture on a software GPU can take a while between answers.
    { unresponsiveAfterMs: 180_000 },
  );
  private api = this.link.api;

  prepare(onEvent: (e: OcrEvent) => void) {
    return this.api.prepare(Comlink.proxy(onEvent));
  }
  /** Reads the text of one picture (the Blob is copied to the worker; the page keeps showing it). */
  readPicture(picture: Blob, name: string, onEvent: (e: OcrEvent) => void) {
    return this.api.readPicture(picture, name, Comlink.proxy(onEvent));
  }
  dispose(): void {
    this.link.dispose();
  }
}
