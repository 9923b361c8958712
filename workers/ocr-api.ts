// The read-text worker's API, built around a model compiler: workers/ocr.worker.ts gives it our engine's
// compileOnnx; a test worker gives it onnxruntime-web. It loads PaddleOCR's models once, decodes each picture and
// runs the pipeline of src/interop/ocr. Calls run one at a time, so a batch never holds two pictures at once.
import { workerHost } from './worker-host.ts';
import { loadOcrModels, type CompileModel } from './ocr-models.ts';
import { readText, type OcrModels } from '../src/interop/ocr/pipeline.ts';
import type { RgbaImage } from '../src/interop/ocr/image.ts';
import type { OcrApi, OcrEvent, OcrModelInfo } from '../src/protocol/ocr.ts';

/** Pictures are shrunk to this longer side first: the detector sees at most 960, and crops need no more. */
export const MAX_PICTURE_SIDE = 4096;

/** The picture's pixels, shrunk to MAX_PICTURE_SIDE; a file that is not a picture gets a sentence naming it. */
async function decode(picture: Blob, name: string): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(picture);
  } catch {
    throw new Error(`${name} could not be read as a picture; use a PNG, JPEG, WebP, GIF or BMP file.`);
  }
  const scale = Math.min(1, MAX_PICTURE_SIDE / Math.max(bitmap.width, bitmap.height));
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

/** The API, with models made by `compile` (our engine in the app). */
export function ocrApi(compile: CompileModel): OcrApi {
  const host = workerHost(() => {
    // A lost device took the compiled models with it; the next call loads them again.
    loaded = null;
  });
  let loaded: Promise<{ models: OcrModels; info: OcrModelInfo }> | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  /** One call at a time, in order. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const models = (onEvent: (e: OcrEvent) => void) => {
    if (!loaded) {
      const p = (async () => {
        const engine = await host.getEngine();
        const { models, manifest } = await loadOcrModels(
          engine,
          (l, t) => onEvent({ kind: 'loading', loaded: l, total: t }),
          compile,
        );
        return { models, info: { engine: models.detector.engine, bytes: manifest.bytes, title: manifest.title } };
      })();
      // A failed load is not kept: the next call tries again (after going online, say).
      p.catch(() => {
        if (loaded === p) loaded = null;
      });
      loaded = p;
    }
    return loaded;
  };

  return {
    prepare: (onEvent) => serial(async () => (await models(onEvent)).info),
    readPicture: (picture, name, onEvent) =>
      serial(async () => {
        const t0 = performance.now();
        // A file that is not a picture is refused before any model is loaded.
        const image = await decode(picture, name);
        const { models: m } = await models(onEvent);
        const r = await readText(image, m, {}, (stage, done, total) => onEvent({ kind: 'stage', stage, done, total }));
        return { ...r, timings: { ...r.timings, total: performance.now() - t0 } };
      }),
  };
}
