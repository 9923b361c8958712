// A run as a PyTorch project (model.py, weights.safetensors in PyTorch's names and layouts, train.py for torchrun,
// data.py with the dataset, README) and the way back: a train.py checkpoint read as the studio's weights.
import { strToU8 } from 'fflate';
import type { ModelSpec } from '../engine/index.ts';
import type { ArrayDataset, TrainConfig } from '../engine/train/types.ts';
import { ModelFormatError } from '../interop/errors.ts';
import type { ExportWeights } from '../interop/export-weights.ts';
import { modelPy } from '../interop/pytorch/model-py.ts';
import { fromTorchWeights, toTorchWeights, type Tensors } from '../interop/pytorch/names.ts';
import { DATA_PY, SAFETENSORS_IO_PY } from '../interop/pytorch/python.ts';
import { TRAIN_PY, readmeMd } from '../interop/pytorch/train-py.ts';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from './safetensors.ts';

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** The studio weights as a PyTorch state_dict file (loadable by model.py's load_weights / load_state_dict). */
export function torchWeightsFile(spec: ModelSpec, weights: ExportWeights): Uint8Array {
  const tensors: Record<string, SafeTensor> = {};
  for (const [name, t] of toTorchWeights(spec, weights)) tensors[name] = { dtype: 'F32', shape: t.shape, data: bytesOf(t.data) }; // prettier-ignore
  return encodeSafetensors(tensors, { format: 'pt', 'studio.model_spec': JSON.stringify(spec) });
}

/** A train.py (or any model.py state_dict) safetensors file as the studio's weights for `spec`. */
export function weightsFromTorchFile(
  spec: ModelSpec,
  bytes: Uint8Array,
): Record<string, { shape: number[]; data: Float32Array }> {
  const { tensors } = decodeSafetensors(bytes);
  const map: Tensors = new Map();
  for (const [name, t] of Object.entries(tensors)) {
    if (t.dtype !== 'F32') continue; // num_batches_tracked (I64) has no studio counterpart
    const data = new Float32Array(t.data.byteLength / 4);
    bytesOf(data).set(t.data);
    map.set(name, { shape: t.shape, data });
  }
  if (map.size === 0) throw new ModelFormatError('PyTorch import: the file holds no float32 tensors.');
  return fromTorchWeights(spec, map);
}

/** The dataset as data/dataset.json plus one raw little-endian file per split and field (data.py reads them). */
export function datasetFiles(splits: Record<string, ArrayDataset>): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  const meta: Record<string, unknown> = {};
  const kind = (a: ArrayLike<number>) => (a instanceof Uint8Array ? 'u8' : a instanceof Int32Array ? 'i32' : 'f32');
  for (const [split, d] of Object.entries(splits)) {
    files[`data/${split}.x.bin`] = bytesOf(d.x);
    files[`data/${split}.y.bin`] = bytesOf(d.y);
    meta[split] = {
      count: d.count,
      x: { file: `${split}.x.bin`, dtype: kind(d.x), shape: d.xShape },
      y: { file: `${split}.y.bin`, dtype: kind(d.y), shape: d.yShape },
      classes: d.classes ?? null,
    };
  }
  const xScale = Object.values(splits)[0]?.xScale ?? 1;
  files['data/dataset.json'] = strToU8(JSON.stringify({ splits: meta, x_scale: xScale }, null, 1));
  return files;
}

/** What train.py reads from config.json: the run's training settings. */
export function trainingJson(spec: ModelSpec, c: TrainConfig): string {
  const { epochs, batchSize, optimizer, schedule, loss, labelSmoothing, ignoreIndex, clipNorm, seed } = c;
  const o = { epochs, batchSize, optimizer, schedule: schedule ?? null, loss, labelSmoothing: labelSmoothing ?? 0 };
  const rest = { ignoreIndex: ignoreIndex ?? -100, clipNorm: clipNorm ?? null, seed };
  return JSON.stringify({ model: spec.name, ...o, ...rest, spec }, null, 1);
}

/** Every file of the project, by path in the zip. */
export function pytorchProject(
  spec: ModelSpec,
  weights: ExportWeights,
  config: TrainConfig,
  data: Record<string, Uint8Array>,
): Record<string, Uint8Array> {
  return {
    'model.py': strToU8(modelPy(spec)),
    'weights.safetensors': torchWeightsFile(spec, weights),
    'train.py': strToU8(TRAIN_PY),
    'data.py': strToU8(DATA_PY),
    'safetensors_io.py': strToU8(SAFETENSORS_IO_PY),
    'config.json': strToU8(trainingJson(spec, config)),
    'README.md': strToU8(readmeMd(spec)),
    ...data,
  };
}
