// Entry point of the ONNX importer: a model file in, a RunnableModel on our engine out.
// TEMPORARY until the graph compiler lands (branch onnx-import): it decodes the file and reports every op as one our
// engine does not run yet, so src/interop/load.ts falls back to onnxruntime-web.
import type { Engine } from '../../engine/engine.ts';
import type { RunnableModel } from '../model.ts';
import { UnsupportedModelError } from '../errors.ts';
import { decodeModel } from './proto.ts';

/**
 * Compiles an ONNX file for our engine. Throws ModelFormatError for a file that is not a valid model and
 * UnsupportedModelError (with the missing op types) when some op has no mapping to our kernels.
 */
export async function compileOnnx(bytes: Uint8Array, fileName: string, engine: Engine): Promise<RunnableModel> {
  void engine;
  const model = decodeModel(bytes, fileName);
  const ops = [...new Set((model.graph!.node ?? []).map((n) => n.opType ?? '?'))];
  throw new UnsupportedModelError(`${fileName}: the studio's engine does not run ${ops.join(', ')} yet.`, ops);
}
