// Opens an imported model file for running: on our engine when the ONNX compiler maps every op to our kernels,
// else on onnxruntime-web, recording which engine runs it and why (the ops our engine lacks).
import type { Engine } from '../engine/engine.ts';
import { UnsupportedModelError } from './errors.ts';
import type { RunnableModel } from './model.ts';
import { compileOnnx } from './onnx/index.ts';
import { ortModel, type OrtBackend } from './onnx/ort.ts';
import { decodeModel } from './onnx/proto.ts';
import { onnxLabels, onnxSignature } from './onnx/signature.ts';

/** Which engine runs a loaded model, and why it is not ours when it is not. */
export interface EngineChoice {
  engine: RunnableModel['engine'];
  /** ORT's execution provider (webgpu or wasm) when ORT runs it; null on our engine. */
  backend: OrtBackend | null;
  /** Why our engine does not run it (a sentence), or null when it does. */
  reason: string | null;
  /** The op types (or features) our engine lacks for this model. */
  missing: string[];
}

export interface LoadedModel {
  model: RunnableModel;
  choice: EngineChoice;
  /** Class names found in the model's own metadata, if any. */
  labels: string[] | null;
}

/**
 * Loads an ONNX file: decodes it (ModelFormatError for a bad file), compiles it for our engine, and falls back to
 * onnxruntime-web when the compiler throws UnsupportedModelError. `engine` is null where this worker has no
 * WebGPU: the model then goes straight to ORT's CPU provider.
 */
export async function loadModel(bytes: Uint8Array, fileName: string, engine: Engine | null): Promise<LoadedModel> {
  const proto = decodeModel(bytes, fileName);
  const labels = onnxLabels(proto);
  const signature = onnxSignature(proto, fileName);
  let unsupported: UnsupportedModelError;
  if (engine) {
    try {
      const model = await compileOnnx(bytes, fileName, engine);
      return { model, labels, choice: { engine: 'studio', backend: null, reason: null, missing: [] } };
    } catch (e) {
      if (!(e instanceof UnsupportedModelError)) throw e;
      unsupported = e;
    }
  } else {
    unsupported = new UnsupportedModelError(
      'WebGPU is not available in this browser, so the studio’s engine cannot run.',
      ['WebGPU'],
    );
  }
  const model = await ortModel(bytes, fileName, signature, engine !== null);
  return {
    model,
    labels,
    choice: {
      engine: 'onnxruntime-web',
      backend: model.backend,
      reason: unsupported.message,
      missing: [...unsupported.missing],
    },
  };
}
