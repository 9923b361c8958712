// Importing a TensorFlow.js layers model (model.json + .bin shards, optionally Teachable Machine's metadata.json):
// converted to a studio model spec and its parameters by name, so it runs on our kernels and trains further.
import { parameterShapes, summarize } from '../../engine/nn/model.ts';
import { SpecError } from '../../engine/errors.ts';
import type { LayerSpec, ModelSpec } from '../../engine/nn/spec.ts';
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';
import { flattenModel, inputShapeOf, layerNameOf, type ChainItem } from './graph.ts';
import { convertLayer, type Source } from './layers.ts';
import { parseMetadata, parseModelJson, sortFiles, type ModelFile } from './model-json.ts';
import { readWeights, type HostWeight } from './weights.ts';

export type { ModelFile } from './model-json.ts';

/** A converted model: its spec, every parameter by the spec's names, class labels, and where it came from. */
export interface ImportedModel {
  spec: ModelSpec;
  weights: Map<string, HostWeight>;
  labels: string[] | null;
  source: { format: 'tfjs-layers'; kerasVersion: string | null; backend: string | null };
}

interface Bound {
  layers: LayerSpec[];
  /** Spec parameter name (`layers[3].kernel`) → Keras weight name or constant. */
  sources: Map<string, { layer: string; source: Source }>;
}

/** The shape after `layers`, with the spec's own checks (a bad layer names itself). */
function shapeAfter(shape: number[], layers: LayerSpec[], name: string): number[] {
  try {
    return summarize({ name: 'probe', input: { shape }, layers }).outShape;
  } catch (e) {
    if (e instanceof SpecError)
      throw new UnsupportedModelError(`Layer "${name}" does not convert to a valid studio layer: ${e.detail}.`, [name]);
    throw e;
  }
}

function bind(items: ChainItem[], input: number[], prefix: string, out: Bound): number[] {
  let shape = input;
  for (const it of items) {
    const path = `${prefix}[${out.layers.length}]`;
    if (it.kind === 'residual') {
      const inner: Bound = { layers: [], sources: out.sources };
      const end = bind(it.items, shape, `${path}.layers`, inner);
      if (end.join() !== shape.join())
        throw new UnsupportedModelError(
          `An Add joins shapes [${shape.join(', ')}] and [${end.join(', ')}]; only same-shape residual adds can be imported.`,
          ['Add with broadcasting'],
        );
      out.layers.push({ type: 'residual', layers: inner.layers });
      continue;
    }
    const name = layerNameOf(it.layer);
    for (const c of convertLayer(it.layer, shape)) {
      const p = `${prefix}[${out.layers.length}]`;
      shape = shapeAfter(shape, [c.spec], name);
      out.layers.push(c.spec);
      for (const [param, source] of Object.entries(c.sources))
        out.sources.set(`${p}.${param}`, { layer: name, source });
    }
  }
  return shape;
}

/** Finds Keras weight `layer/weight` (TF.js names weights after their layer; some tools add a model prefix). */
function findWeight(all: Map<string, HostWeight>, layer: string, weight: string): HostWeight | undefined {
  const name = `${layer}/${weight}`;
  const hit = all.get(name);
  if (hit) return hit;
  for (const [k, v] of all) if (k.endsWith(`/${name}`) || k.endsWith(`/${name}:0`) || k === `${name}:0`) return v;
  return undefined;
}

/**
 * Converts the chosen files (model.json, its .bin shards, optional metadata.json) into a studio model. Any file
 * missing, weight of the wrong size or layer we cannot run exactly is an error naming it; nothing is stored here.
 */
export function importTfjsModel(files: readonly ModelFile[]): ImportedModel {
  const { model, metadata, shards } = sortFiles(files);
  const json = parseModelJson(model);
  const meta = metadata ? parseMetadata(metadata) : { labels: null, modelName: null };
  const items = flattenModel(json.topology);
  const input = inputShapeOf(json.topology);
  const bound: Bound = { layers: [], sources: new Map() };
  const outShape = bind(items, input, 'layers', bound);
  if (bound.layers.length === 0) throw new ModelFormatError('The model has no layers to import.');
  const tokens = bound.layers[0].type === 'embedding';
  const name =
    meta.modelName ??
    String((json.topology.config && (json.topology.config as { name?: unknown }).name) ?? 'TF.js model');
  const spec: ModelSpec = { name, input: { shape: input, ...(tokens ? { dtype: 'i32' } : {}) }, layers: bound.layers };
  const all = readWeights(json.manifest, shards);
  const weights = new Map<string, HostWeight>();
  for (const [param, shape] of parameterShapes(spec)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const bound1 = bound.sources.get(param);
    if (!bound1) throw new Error(`internal: no source for ${param}`);
    const { layer, source } = bound1;
    if ('fill' in source) {
      weights.set(param, { shape, data: new Float32Array(size).fill(source.fill) });
      continue;
    }
    const w = findWeight(all, layer, source.weight);
    if (!w)
      throw new ModelFormatError(
        `The weight files have no "${layer}/${source.weight}" for layer "${layer}"; the .bin files belong to another model.`,
      );
    if (w.data.length !== size || (!source.reshaped && w.shape.join() !== shape.join()))
      throw new ModelFormatError(
        `The weight "${layer}/${source.weight}" has shape [${w.shape.join(', ')}] but layer "${layer}" needs [${shape.join(', ')}]; the .bin files belong to another model.`,
      );
    weights.set(param, { shape, data: w.data });
  }
  const labels = meta.labels;
  const classes = outShape[outShape.length - 1];
  if (labels && (outShape.length !== 1 || labels.length !== classes))
    throw new ModelFormatError(
      `metadata.json lists ${labels.length} labels but the model gives [${outShape.join(', ')}] outputs; choose the metadata.json exported with this model.`,
    );
  return {
    spec,
    weights,
    labels,
    source: { format: 'tfjs-layers', kerasVersion: json.kerasVersion, backend: json.backend },
  };
}

/**
 * The spec to train: a classifier's final softmax removed (the studio's cross-entropy takes logits and its
 * predictions apply softmax), so the same weights give the same class probabilities.
 */
export function asLogits(spec: ModelSpec): ModelSpec {
  const layers = [...spec.layers];
  const last = layers[layers.length - 1];
  if (last?.type === 'activation' && last.activation === 'softmax' && layers.length > 1) layers.pop();
  else if (last?.type === 'dense' && last.activation === 'softmax')
    layers[layers.length - 1] = { ...last, activation: 'linear' };
  return { ...spec, layers };
}
