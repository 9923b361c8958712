// A run's checkpoint as a file in one of the export formats: the studio's .safetensors, ONNX (opset 17) or a
// TensorFlow.js layers model zipped as model.json + weights.bin. Runs in the training worker.
import { zipSync, strToU8, type Zippable } from 'fflate';
import type { ModelSpec } from '../engine/index.ts';
import { exportOnnx } from '../interop/onnx/export.ts';
import { exportTfjs, tfjsExportProblem, TFJS_WEIGHTS_FILE } from '../interop/tfjs/export.ts';
import type { PackHeader } from '../data/pack.ts';
import type { CheckpointRecord } from './db.ts';
import { checkpointFileName, checkpointToSafetensors } from './checkpoints.ts';
import type { ArrayDataset, TrainConfig } from '../engine/train/types.ts';
import { datasetFiles, pytorchProject } from './pytorch-export.ts';

export type ModelExportFormat = 'safetensors' | 'onnx' | 'tfjs' | 'pytorch';

export interface ModelFile {
  bytes: Uint8Array;
  fileName: string;
  /** The MIME type the download gets. */
  mime: string;
}

/** The formats a spec cannot be exported in, with the sentence naming the layer (ONNX holds every layer kind). */
export function exportProblems(spec: ModelSpec): Partial<Record<ModelExportFormat, string>> {
  const tfjs = tfjsExportProblem(spec);
  return tfjs ? { tfjs } : {};
}

/**
 * What a file outside the studio needs to know about the dataset: class names (numbered when the set has none) and
 * how inputs were scaled or standardised before the model saw them (the model itself does not do it).
 */
export function datasetNotes(header: PackHeader | undefined): {
  labels?: string[];
  description: string;
  metadata: Record<string, string>;
} {
  if (!header) return { description: '', metadata: {} };
  const classes = header.yShape.length === 0 && header.classes > 0 && !header.vocabulary?.length;
  const labels = classes
    ? header.classNames?.length
      ? header.classNames
      : Array.from({ length: header.classes }, (_, i) => String(i))
    : undefined;
  const notes = [`Trained on the dataset "${header.title}".`];
  const metadata: Record<string, string> = { 'studio.dataset': header.id };
  if (header.xScale !== 1) {
    notes.push(`Inputs are the dataset's raw values times ${header.xScale} (pixels 0–255 become 0–1).`);
    metadata['studio.input_scale'] = String(header.xScale);
  }
  if (header.standardization) {
    notes.push('Each input feature was standardised, (x − mean) / std, with metadata "studio.standardization".');
    metadata['studio.standardization'] = JSON.stringify(header.standardization);
  }
  return { labels, description: notes.join(' '), metadata };
}

/**
 * Encodes the checkpoint of a run (its spec, creation time and, for ONNX and TF.js, what `datasetNotes` says about
 * its dataset) in `format`. A model that has no form in that format throws an UnsupportedModelError naming the layer.
 */
export function exportModelFile(
  ckpt: CheckpointRecord,
  run: { spec: ModelSpec; createdAt: number; config?: TrainConfig },
  format: ModelExportFormat,
  header?: PackHeader,
  dataset?: { train: ArrayDataset; test: ArrayDataset },
): ModelFile {
  const step = ckpt.position.globalStep;
  const { labels, description, metadata } = datasetNotes(header);
  const name = (ext: string) => checkpointFileName(run.spec.name, run.createdAt, step, ext);
  switch (format) {
    case 'safetensors':
      return {
        bytes: checkpointToSafetensors(ckpt, run.spec),
        fileName: name('safetensors'),
        mime: 'application/octet-stream',
      };
    case 'onnx': {
      const opts = { labels, description: `${description} Step ${step}.`.trim(), metadata };
      return {
        bytes: exportOnnx(run.spec, ckpt.tensors, opts),
        fileName: name('onnx'),
        mime: 'application/octet-stream',
      };
    }
    case 'tfjs': {
      const { modelJson, weights } = exportTfjs(run.spec, ckpt.tensors, { labels, description, metadata });
      // Stored, not deflated: float weights barely compress and the model is read back at once.
      const bytes = zipSync({
        'model.json': strToU8(JSON.stringify(modelJson)),
        [TFJS_WEIGHTS_FILE]: [weights, { level: 0 }],
      });
      return { bytes, fileName: name('tfjs.zip'), mime: 'application/zip' };
    }
    case 'pytorch': {
      if (!run.config || !dataset)
        throw new Error('A PyTorch export needs the run’s training settings and its dataset.');
      const data = datasetFiles({ train: dataset.train, test: dataset.test });
      const files = pytorchProject(run.spec, ckpt.tensors, run.config, data);
      // Weights and data are stored (they barely compress); the Python and JSON files are deflated.
      const zip: Zippable = {};
      for (const [k, v] of Object.entries(files)) zip[k] = [v, { level: /\.(py|md|json)$/.test(k) ? 6 : 0 }];
      return { bytes: zipSync(zip), fileName: name('pytorch.zip'), mime: 'application/zip' };
    }
    default:
      throw new Error(`Unknown export format ${JSON.stringify(format satisfies never)}.`);
  }
}
