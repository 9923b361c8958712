// Moving training state between the engine and storage: capture a checkpoint from a trainer, restore one
// into a trainer, and export/import the .safetensors format with the model spec in its metadata.
import { parameterShapes, type ModelSpec, type Trainer } from '../engine/index.ts';
import type { CheckpointRecord } from './db.ts';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from './safetensors.ts';
import { weightsFromTorchFile } from './pytorch-export.ts';

/** Reads parameters, optimizer state and the exact position off the GPU. */
export async function captureCheckpoint(trainer: Trainer, runId: string): Promise<CheckpointRecord> {
  const tensors: CheckpointRecord['tensors'] = {};
  for (const [name, t] of trainer.model.tensors)
    tensors[name] = { shape: [...t.shape], data: ((await t.data()) as Float32Array).slice().buffer };
  const state: Record<string, ArrayBuffer[]> = {};
  const names = new Map([...trainer.model.tensors].map(([n, t]) => [t, n]));
  for (const p of trainer.optimizer.params) {
    state[names.get(p)!] = await Promise.all(
      trainer.optimizer.stateOf(p).map(async (s) => ((await s.data()) as Float32Array).slice().buffer),
    );
  }
  return {
    runId,
    savedAt: Date.now(),
    position: await trainer.syncPosition(),
    tensors,
    optimizer: { kind: trainer.config.optimizer.kind, step: trainer.optimizer.step, state },
  };
}

/** Bytes of a float32 tensor of this shape. */
const f32Bytes = (shape: readonly number[]) => 4 * shape.reduce((a, b) => a * b, 1);

// By tag, not instanceof: a buffer read from IndexedDB may come from another realm.
const byteLength = (b: unknown) =>
  Object.prototype.toString.call(b) === '[object ArrayBuffer]' ? (b as ArrayBuffer).byteLength : -1;

/**
 * What is wrong with a stored checkpoint for a model with these tensor shapes, in words ("the tensor
 * “layers[0].kernel” holds 120 bytes where its shape [2, 8] needs 64"), or null when every tensor and optimizer
 * state is there, whole. Reading it first turns a write cut short into a sentence instead of a raw tensor error.
 */
export function checkpointProblem(
  ckpt: CheckpointRecord,
  shapes: ReadonlyMap<string, readonly number[]>,
): string | null {
  if (!ckpt.tensors || typeof ckpt.tensors !== 'object') return 'it holds no tensors';
  if (!Number.isInteger(ckpt.position?.globalStep)) return 'its training position is missing';
  for (const [name, shape] of shapes) {
    const saved = ckpt.tensors[name];
    if (!saved) return `the tensor “${name}” is missing`;
    if (!Array.isArray(saved.shape) || saved.shape.join() !== shape.join())
      return `the tensor “${name}” has shape [${saved.shape?.join?.(', ')}] where the model needs [${shape.join(', ')}]`;
    const have = byteLength(saved.data);
    if (have !== f32Bytes(shape))
      return `the tensor “${name}” holds ${Math.max(0, have)} bytes where its shape [${shape.join(', ')}] needs ${f32Bytes(shape)}`;
    for (const [i, state] of (ckpt.optimizer?.state?.[name] ?? []).entries()) {
      const got = byteLength(state);
      if (got !== f32Bytes(shape))
        return `the optimizer state ${i + 1} of “${name}” holds ${Math.max(0, got)} bytes where ${f32Bytes(shape)} are needed`;
    }
  }
  return null;
}

/** The shapes of a built model's tensors by name, as checkpointProblem reads them. */
export function modelShapes(trainer: Trainer): Map<string, readonly number[]> {
  return new Map([...trainer.model.tensors].map(([n, t]) => [n, t.shape]));
}

/** Writes a checkpoint's values into a trainer built from the same spec and config. */
export function restoreCheckpoint(trainer: Trainer, ckpt: CheckpointRecord): void {
  const e = trainer.engine;
  const problem = checkpointProblem(ckpt, modelShapes(trainer));
  if (problem) throw new Error(`The checkpoint does not fit the model: ${problem}.`);
  for (const [name, t] of trainer.model.tensors) {
    const saved = ckpt.tensors[name];
    e.scope(() => e.assign(t, e.tensor(new Float32Array(saved.data), t.shape)));
  }
  const names = new Map([...trainer.model.tensors].map(([n, t]) => [t, n]));
  for (const p of trainer.optimizer.params) {
    const saved = ckpt.optimizer.state[names.get(p)!] ?? [];
    trainer.optimizer
      .stateOf(p)
      .forEach((s, i) => saved[i] && e.scope(() => e.assign(s, e.tensor(new Float32Array(saved[i]), s.shape))));
  }
  trainer.restorePosition(ckpt.position);
}

/** The metadata key that carries the model spec as JSON. */
export const SPEC_KEY = 'studio.model_spec';
/**
 * The metadata key and value that say whose layout the tensors are in. The studio's own: names such as
 * `layers[0].kernel`, dense kernels [inputs, units] and conv kernels [kh, kw, in, out] (PyTorch's are
 * [units, inputs] and [out, in, kh, kw]), so the file does not claim `format: pt`, which loaders read as "PyTorch
 * names and layout".
 */
export const FORMAT_KEY = 'studio.format';
export const STUDIO_FORMAT = 'dl-studio/1';

/**
 * A file name that every OS accepts: letters, digits, `.`, `_` and `-` only, no leading or trailing dot or dash,
 * not a reserved Windows device name, at most `max` characters before the extension.
 */
export function safeFileName(base: string, ext: string, max = 100): string {
  let t = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/^[-.]+|[-.]+$/g, '');
  if (!t) t = 'checkpoint';
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(t)) t = `_${t}`;
  return `${t}.${ext}`;
}

/**
 * The export's file name: the model's name, the run (its start, in local time) and the checkpoint's step, as in
 * `MLP-784-128-10_run-2026-12-02_10-32-15_step-120.safetensors` (or `.onnx`, `.tfjs.zip`).
 */
export function checkpointFileName(modelName: string, runCreatedAt: number, step: number, ext = 'safetensors'): string {
  const d = new Date(runCreatedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
  const model = safeFileName(modelName, 'x', 60).slice(0, -2);
  return safeFileName(`${model}_run-${when}_step-${step}`, ext);
}

/**
 * Model weights (and batch-norm state) as .safetensors, with the spec, the layout (`studio.format`) and the
 * training position in the metadata.
 */
export function checkpointToSafetensors(ckpt: CheckpointRecord, spec: ModelSpec): Uint8Array {
  const tensors: Record<string, SafeTensor> = {};
  for (const [name, t] of Object.entries(ckpt.tensors))
    tensors[name] = { dtype: 'F32', shape: t.shape, data: new Uint8Array(t.data) };
  return encodeSafetensors(tensors, {
    [FORMAT_KEY]: STUDIO_FORMAT,
    [SPEC_KEY]: JSON.stringify(spec),
    'studio.step': String(ckpt.position.globalStep),
    'studio.epoch': String(ckpt.position.epoch),
  });
}

/** Imported weights: the spec, the tensors, and which of them hold NaN or ±Infinity (with the page's warning). */
export interface ImportedWeights {
  spec: ModelSpec;
  tensors: CheckpointRecord['tensors'];
  /** Names of the tensors with a NaN or an infinite value, in the spec's order. */
  nonFinite: string[];
  /** A sentence for the page naming those tensors, or null when every value is finite. */
  warning: string | null;
}

/** How many values of a float32 buffer are NaN or ±Infinity. */
function countNonFinite(data: ArrayBuffer): number {
  const v = new Float32Array(data);
  let n = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) n++;
  return n;
}

/**
 * Reads a .safetensors checkpoint exported by the studio: checks the spec in its metadata and that every
 * tensor the spec needs is present with the right shape and dtype. Throws with a clear message otherwise.
 * Weights with NaN or infinite values (a diverged run's) are still imported, so they can be inspected, but
 * `warning` names each such tensor: predictions from them are meaningless and training from them fails at once.
 */
export function safetensorsToWeights(bytes: Uint8Array, expected?: ModelSpec): ImportedWeights {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const specJson = metadata[SPEC_KEY];
  if (!specJson)
    throw new Error(
      'This .safetensors file has no model spec in its metadata, so the studio cannot rebuild the model. Export checkpoints from the studio to import them.',
    );
  let spec: ModelSpec;
  try {
    spec = JSON.parse(specJson);
  } catch {
    throw new Error('The model spec in this file is damaged (not valid JSON).');
  }
  const shapes = parameterShapes(spec);
  if (expected && JSON.stringify([...parameterShapes(expected)]) !== JSON.stringify([...shapes])) {
    throw new Error(
      `This checkpoint is for a different model ("${spec.name}") than the one selected ("${expected.name}").`,
    );
  }
  const out: CheckpointRecord['tensors'] = {};
  // A checkpoint of the exported PyTorch project (train.py) keeps PyTorch's names and layouts: map them back.
  const torch = metadata.format === 'pt' && ![...shapes.keys()].some((n) => n in tensors);
  if (torch)
    for (const [name, w] of Object.entries(weightsFromTorchFile(spec, bytes)))
      out[name] = { shape: w.shape, data: w.data.slice().buffer };
  for (const [name, shape] of torch ? [] : shapes) {
    const t = tensors[name];
    if (!t) throw new Error(`The checkpoint is missing the tensor "${name}".`);
    if (t.dtype !== 'F32' || t.shape.join() !== shape.join())
      throw new Error(
        `The tensor "${name}" is ${t.dtype}[${t.shape.join(', ')}] but the model needs F32[${shape.join(', ')}].`,
      );
    out[name] = { shape, data: t.data.slice().buffer };
  }
  const counts = [...shapes.keys()].map((name) => [name, countNonFinite(out[name].data)] as const);
  const bad = counts.filter(([, n]) => n > 0);
  const warning = bad.length
    ? `This checkpoint's weights are not all finite numbers: ${bad
        .map(([name, n]) => `“${name}” has ${n} NaN or infinite value${n === 1 ? '' : 's'}`)
        .join(
          ', ',
        )}. It was imported, but its predictions are meaningless and training from it stops at once; export the checkpoint from before the run diverged (or lower the learning rate and train again).`
    : null;
  return { spec, tensors: out, nonFinite: bad.map(([name]) => name), warning };
}
