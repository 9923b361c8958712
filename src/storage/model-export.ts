// A run's checkpoint as a file in one of the export formats: the studio's .safetensors, ONNX (opset 17) or a
// TensorFlow.js layers model zipped as model.json + weights.bin. Runs in the training worker.
import { zipSync, strToU8 } from 'fflate';
import type { ModelSpec } from '../engine/index.ts';
import { exportOnnx } from '../interop/onnx/export.ts';
import { exportTfjs, TFJS_WEIGHTS_FILE } from '../interop/tfjs/export.ts';
import type { CheckpointRecord } from './db.ts';
import { checkpointFileName, checkpointToSafetensors } from './checkpoints.ts';

export type ModelExportFormat = 'safetensors' | 'onnx' | 'tfjs';

export interface ModelFile {
  bytes: Uint8Array;
  fileName: string;
  /** The MIME type the download gets. */
  mime: string;
}

/**
 * Encodes the checkpoint of a run (its spec, creation time and, for ONNX and TF.js, the class names of its dataset)
 * in `format`. A model that has no form in that format throws an UnsupportedModelError naming the layer.
 */
export function exportModelFile(
  ckpt: CheckpointRecord,
  run: { spec: ModelSpec; createdAt: number },
  format: ModelExportFormat,
  labels?: readonly string[],
): ModelFile {
  const step = ckpt.position.globalStep;
  const name = (ext: string) => checkpointFileName(run.spec.name, run.createdAt, step, ext);
  switch (format) {
    case 'safetensors':
      return {
        bytes: checkpointToSafetensors(ckpt, run.spec),
        fileName: name('safetensors'),
        mime: 'application/octet-stream',
      };
    case 'onnx': {
      const description = `Trained for ${step} steps.`;
      return {
        bytes: exportOnnx(run.spec, ckpt.tensors, { labels, description }),
        fileName: name('onnx'),
        mime: 'application/octet-stream',
      };
    }
    case 'tfjs': {
      const { modelJson, weights } = exportTfjs(run.spec, ckpt.tensors, { labels });
      // Stored, not deflated: float weights barely compress and the model is read back at once.
      const bytes = zipSync({
        'model.json': strToU8(JSON.stringify(modelJson)),
        [TFJS_WEIGHTS_FILE]: [weights, { level: 0 }],
      });
      return { bytes, fileName: name('tfjs.zip'), mime: 'application/zip' };
    }
    default:
      throw new Error(`Unknown export format ${JSON.stringify(format satisfies never)}.`);
  }
}
