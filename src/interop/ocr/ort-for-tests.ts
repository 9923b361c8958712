// TEST CODE ONLY: the PP-OCR models as RunnableModels on onnxruntime-web (wasm), to develop and check the read-text
// pipeline until our engine runs these graphs (compileOnnx); then the same tests compare the two engines.
import * as ort from 'onnxruntime-web/wasm';
import type { HostTensor, RunnableModel } from '../model.ts';
import { parseDictionary } from './ctc.ts';
import type { OcrModels } from './pipeline.ts';

/** The model pack's manifest, as scripts/build-models.mjs writes it. */
interface PackManifest {
  files: { role: string; file: string }[];
}

/** One ONNX file on onnxruntime-web's wasm backend, behind the RunnableModel contract (float32 tensors only). */
export async function ortModel(bytes: Uint8Array): Promise<RunnableModel> {
  ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
  ort.env.wasm.numThreads = 1; // the test page is not cross-origin isolated
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  const dims = (m: ort.InferenceSession.ValueMetadata) => (m.isTensor ? [...m.shape] : []);
  return {
    engine: 'onnxruntime-web',
    signature: {
      inputs: session.inputMetadata.map((m) => ({ name: m.name, dtype: 'float32', shape: dims(m) })),
      outputs: session.outputMetadata.map((m) => ({ name: m.name, dtype: 'float32', shape: dims(m) })),
    },
    async run(feeds) {
      const input: Record<string, ort.Tensor> = {};
      for (const [k, t] of Object.entries(feeds)) input[k] = new ort.Tensor('float32', t.data as Float32Array, t.shape);
      const out = await session.run(input);
      const res: Record<string, HostTensor> = {};
      for (const [k, t] of Object.entries(out)) {
        res[k] = { dtype: 'float32', shape: [...t.dims], data: (t.data as Float32Array).slice() };
        t.dispose();
      }
      return res;
    },
    dispose() {
      void session.release();
    },
  };
}

/** The three models and dictionary of the packed pack (public/models/ppocr), each on onnxruntime-web. */
export async function ortOcrModels(base = '/models/ppocr/'): Promise<OcrModels> {
  const manifest = (await (await fetch(`${base}manifest.json`)).json()) as PackManifest;
  const file = (role: string) => base + manifest.files.find((f) => f.role === role)!.file;
  const bytes = async (role: string) => new Uint8Array(await (await fetch(file(role))).arrayBuffer());
  return {
    detector: await ortModel(await bytes('detector')),
    recognizer: await ortModel(await bytes('recognizer')),
    classifier: await ortModel(await bytes('classifier')),
    characters: parseDictionary(await (await fetch(file('dictionary'))).text()),
  };
}
