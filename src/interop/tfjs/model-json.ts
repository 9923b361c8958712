// The TF.js layers-model files: the model.json shape (topology and weights manifest), Teachable Machine's
// metadata.json, and picking them out of the files a person dropped. Nothing here runs a model.
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';

/** One Keras layer as TF.js serialises it (`inbound_nodes` only inside functional models). */
export interface KerasLayer {
  class_name: string;
  name?: string;
  config: Record<string, unknown>;
  inbound_nodes?: unknown[];
}

/** A weight as the manifest lists it; quantized weights say how to restore floats. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}

export interface WeightGroup {
  paths: string[];
  weights: WeightEntry[];
}

export interface ModelJson {
  topology: KerasLayer;
  kerasVersion: string | null;
  backend: string | null;
  manifest: WeightGroup[];
}

/** A file the person chose: its name and bytes. */
export interface ModelFile {
  name: string;
  bytes: ArrayBuffer;
}

const baseName = (p: string) => decodeURIComponent(p.split('/').pop() ?? p);

function parseJson(file: ModelFile): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(file.bytes));
  } catch {
    throw new ModelFormatError(`${file.name} is not valid JSON; choose the model.json that TensorFlow.js saved.`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Checks and reads a model.json: a layers model with a topology and a manifest of its weight files. */
export function parseModelJson(file: ModelFile): ModelJson {
  const j = parseJson(file);
  if (!isObject(j)) throw new ModelFormatError(`${file.name} does not hold a JSON object.`);
  if (j.format === 'graph-model' || (isObject(j.modelTopology) && 'node' in j.modelTopology))
    throw new UnsupportedModelError(
      `${file.name} is a TensorFlow.js graph model (converted from a SavedModel); only layers models (Keras) can be imported.`,
      ['graph-model'],
    );
  if (j.format !== undefined && j.format !== 'layers-model')
    throw new ModelFormatError(`${file.name} has format "${String(j.format)}"; expected "layers-model".`);
  const topo =
    isObject(j.modelTopology) && 'model_config' in j.modelTopology ? j.modelTopology.model_config : j.modelTopology;
  if (!isObject(topo) || typeof topo.class_name !== 'string' || (!isObject(topo.config) && !Array.isArray(topo.config)))
    throw new ModelFormatError(
      `${file.name} has no modelTopology with a Keras model in it; is it a TensorFlow.js model.json?`,
    );
  const manifest = j.weightsManifest;
  if (!Array.isArray(manifest))
    throw new ModelFormatError(`${file.name} has no weightsManifest, so its weights cannot be found.`);
  const groups = manifest.map((g, i): WeightGroup => {
    if (!isObject(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights))
      throw new ModelFormatError(`${file.name}: weightsManifest[${i}] needs "paths" and "weights" lists.`);
    for (const w of g.weights as unknown[])
      if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || typeof w.dtype !== 'string')
        throw new ModelFormatError(`${file.name}: a weight in weightsManifest[${i}] lacks its name, shape or dtype.`);
    return { paths: g.paths.map(String), weights: g.weights as WeightEntry[] };
  });
  const outer = isObject(j.modelTopology) ? j.modelTopology : {};
  return {
    topology: topo as unknown as KerasLayer,
    kerasVersion: typeof outer.keras_version === 'string' ? outer.keras_version : null,
    backend: typeof outer.backend === 'string' ? outer.backend : null,
    manifest: groups,
  };
}

/** Teachable Machine's metadata.json: the class labels in output order, and the model's name. */
export function parseMetadata(file: ModelFile): { labels: string[] | null; modelName: string | null } {
  const j = parseJson(file);
  if (!isObject(j)) throw new ModelFormatError(`${file.name} does not hold a JSON object.`);
  const labels = j.labels;
  if (labels !== undefined && (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')))
    throw new ModelFormatError(`${file.name}: "labels" must be a list of class names.`);
  return {
    labels: (labels as string[] | undefined) ?? null,
    modelName: typeof j.modelName === 'string' ? j.modelName : null,
  };
}

/** Sorts the chosen files into the model.json, an optional metadata.json, and the weight shards by base name. */
export function sortFiles(files: readonly ModelFile[]): {
  model: ModelFile;
  metadata: ModelFile | null;
  shards: Map<string, ArrayBuffer>;
} {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const meta = jsons.filter((f) => /metadata/i.test(baseName(f.name)));
  const models = jsons.filter((f) => !meta.includes(f));
  if (models.length === 0)
    throw new ModelFormatError(
      'No model.json among the chosen files; choose the model.json together with its .bin weight files.',
    );
  if (models.length > 1)
    throw new ModelFormatError(
      `Choose one model at a time: ${models.map((m) => m.name).join(', ')} all look like model.json files.`,
    );
  const shards = new Map(files.filter((f) => !jsons.includes(f)).map((f) => [baseName(f.name), f.bytes] as const));
  return { model: models[0], metadata: meta[0] ?? null, shards };
}

/** The base name a manifest path refers to (paths are relative to model.json and may be URL-encoded). */
export const shardName = baseName;
