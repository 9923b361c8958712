// THE LOADER of the read-text models: reads the PaddleOCR pack from the app's own origin (public/models/ppocr,
// built by scripts/build-models.mjs; never from anywhere else) and turns each ONNX file into a RunnableModel.
// The compiler comes from workers/ocr.worker.ts (compileOnnx: our own kernels), the one switch for the engine.
import type { Engine } from '../src/engine/index.ts';
import { compileOnnx } from '../src/interop/onnx/index.ts';
import type { RunnableModel } from '../src/interop/model.ts';
import { parseDictionary } from '../src/interop/ocr/ctc.ts';
import type { OcrModels } from '../src/interop/ocr/pipeline.ts';
import { modelFileUrl, ocrPackUrl, type OcrPackManifest } from '../src/protocol/ocr.ts';

/** Where the pack lives on the app's own origin. */
export const OCR_PACK_URL = ocrPackUrl(import.meta.env.BASE_URL ?? '/');

/** Turns one ONNX file into a runnable model. Swappable for tests and for another engine. */
export type CompileModel = (bytes: Uint8Array, fileName: string, engine: Engine) => Promise<RunnableModel>;

async function get(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw new Error(
      'The read-text models could not be read from this app (the connection dropped, or this computer is offline before they were kept). Reload while online, or keep them for offline use in the System tab.',
    );
  }
  if (!res.ok)
    throw new Error(`The read-text model file ${url.split('/').pop()} is missing from this app (${res.status}).`);
  return res;
}

/** Reads the manifest, the three models and the dictionary, reporting bytes read, and compiles each model. */
export async function loadOcrModels(
  engine: Engine,
  onBytes: (loaded: number, total: number) => void,
  compile: CompileModel = compileOnnx,
): Promise<{ models: OcrModels; manifest: OcrPackManifest }> {
  const manifest = (await (await get(`${OCR_PACK_URL}manifest.json`)).json()) as OcrPackManifest;
  const entry = (role: OcrPackManifest['files'][number]['role']) => {
    const f = manifest.files.find((x) => x.role === role);
    if (!f) throw new Error(`The read-text model pack has no ${role}; rebuild it with \`npm run models\`.`);
    return f;
  };
  let loaded = 0;
  const bytes = async (role: OcrPackManifest['files'][number]['role']) => {
    const f = entry(role);
    const b = new Uint8Array(await (await get(modelFileUrl(OCR_PACK_URL, f.file, f.sha256))).arrayBuffer());
    loaded += b.byteLength;
    onBytes(loaded, manifest.bytes);
    return b;
  };
  const characters = parseDictionary(new TextDecoder().decode(await bytes('dictionary')));
  const detector = await compile(await bytes('detector'), entry('detector').file, engine);
  const classifier = await compile(await bytes('classifier'), entry('classifier').file, engine);
  const recognizer = await compile(await bytes('recognizer'), entry('recognizer').file, engine);
  return { models: { detector, classifier, recognizer, characters }, manifest };
}
