// The read-text worker: loads PaddleOCR's models once (./ocr-models.ts decides the engine), decodes each picture
// and runs the pipeline of src/interop/ocr. Calls run one at a time, so a batch never holds two pictures at once.
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';
import { workerHost } from './worker-host.ts';
import { loadOcrModels } from './ocr-models.ts';
import { readText, type OcrModels } from '../src/interop/ocr/pipeline.ts';
import type { RgbaImage } from '../src/interop/ocr/image.ts';
import type { OcrApi, OcrEvent, OcrModelInfo } from '../src/protocol/ocr.ts';

/** Pictures are shrunk to this longer side first: the detector sees at most 960, and crops need no more. */
const MAX_SIDE = 4096;

const host = workerHost(() => {
  // A lost device took the compiled models with it; the next call loads them again.
  loaded = null;
});
let loaded: Promise<{ models: OcrModels; info: OcrModelInfo }> | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** One call at a time, in order. */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

function models(onEvent: (e: OcrEvent) => void) {
  loaded ??= (async () => {
    const engine = await host.getEngine();
    const { models, manifest } = await loadOcrModels(engine, (l, t) =>
      onEvent({ kind: 'loading', loaded: l, total: t }),
    );
    return { models, info: { engine: models.detector.engine, bytes: manifest.bytes, title: manifest.title } };
  })();
  // A failed load is not kept: the next call tries again (after going online, say).
  loaded.catch(() => (loaded = null));
  return loaded;
}

/** The picture's pixels, shrunk to MAX_SIDE; a file that is not a picture gets a sentence naming it. */
async function decode(picture: Blob, name: string): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(picture);
  } catch {
    throw new Error(`${name} could not be read as a picture; use a PNG, JPEG, WebP, GIF or BMP file.`);
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const w = Math.max(1, Math.round(bitmap.width * scale));
  const h = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true })!;
  // Transparent pixels read as white paper, not black.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const img = ctx.getImageData(0, 0, w, h);
  return { width: w, height: h, data: img.data };
}

const api: OcrApi = {
  prepare: (onEvent) => serial(async () => (await models(onEvent)).info),
  readPicture: (picture, name, onEvent) =>
    serial(async () => {
      const t0 = performance.now();
      const { models: m } = await models(onEvent);
      const image = await decode(picture, name);
      const r = await readText(image, m, {}, (stage, done, total) => onEvent({ kind: 'stage', stage, done, total }));
      return { ...r, timings: { ...r.timings, total: performance.now() - t0 } };
    }),
};

answerPings();
Comlink.expose(api);
