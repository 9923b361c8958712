// Flattening a Keras topology (Sequential, functional Model, and models nested inside either, as Teachable Machine
// exports) into a chain of leaf layers, with each x + f(x) Add as a residual block: the shape our model spec has.
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';
import type { KerasLayer } from './model-json.ts';

/** A leaf Keras layer, or a residual block whose inner chain is added back to its input. */
export type ChainItem = { kind: 'layer'; layer: KerasLayer } | { kind: 'residual'; items: ChainItem[] };

const MODEL_CLASSES = ['Sequential', 'Model', 'Functional'];
const MAX_DEPTH = 16;

export const layerNameOf = (l: KerasLayer): string => String(l.config?.name ?? l.name ?? l.class_name);

/** The model's input shape (without the batch), from its InputLayer or its first layer's batch_input_shape. */
export function inputShapeOf(model: KerasLayer, depth = 0): number[] {
  if (depth > MAX_DEPTH) throw new ModelFormatError('The model nests other models too deeply to import.');
  const first = layersOf(model)[0];
  if (!first) throw new ModelFormatError(`The model "${layerNameOf(model)}" has no layers.`);
  if (MODEL_CLASSES.includes(first.class_name)) return inputShapeOf(first, depth + 1);
  let layer = first;
  if (!Array.isArray(model.config) && Array.isArray(model.config.input_layers)) {
    const [name] = (model.config.input_layers as unknown[][])[0] ?? [];
    layer = layersOf(model).find((l) => layerNameOf(l) === name) ?? first;
  }
  const c = layer.config;
  const shape = (c.batch_input_shape ?? c.batch_shape) as unknown;
  if (!Array.isArray(shape))
    throw new ModelFormatError(
      `The first layer "${layerNameOf(layer)}" does not say its input shape (batch_input_shape).`,
    );
  const dims = shape.slice(1);
  if (dims.some((d) => !Number.isInteger(d) || (d as number) < 1))
    throw new UnsupportedModelError(
      `The model's input shape [${dims.map((d) => d ?? 'any').join(', ')}] has free dimensions; only fixed input shapes can be imported.`,
      ['dynamic shape'],
    );
  return dims as number[];
}

function layersOf(model: KerasLayer): KerasLayer[] {
  const c = model.config as unknown;
  const list = Array.isArray(c) ? c : (c as { layers?: unknown }).layers;
  if (!Array.isArray(list)) throw new ModelFormatError(`The model "${layerNameOf(model)}" lists no layers.`);
  return list as KerasLayer[];
}

/** The leaf layers of `model` in order, nested models inlined and Adds turned into residual blocks. */
export function flattenModel(model: KerasLayer, depth = 0): ChainItem[] {
  if (depth > MAX_DEPTH) throw new ModelFormatError('The model nests other models too deeply to import.');
  if (model.class_name === 'Sequential') return layersOf(model).flatMap((l) => item(l, depth));
  if (model.class_name === 'Model' || model.class_name === 'Functional') return functional(model, depth);
  throw new UnsupportedModelError(`The top of the topology is a ${model.class_name}, not a Keras model.`, [
    model.class_name,
  ]);
}

function item(l: KerasLayer, depth: number): ChainItem[] {
  if (MODEL_CLASSES.includes(l.class_name)) return flattenModel(l, depth + 1);
  if (l.class_name === 'InputLayer') return [];
  return [{ kind: 'layer', layer: l }];
}

/** Inputs of a functional layer by layer name; a layer called more than once (shared weights) is refused. */
function inbound(l: KerasLayer): string[] {
  const nodes = l.inbound_nodes ?? [];
  if (nodes.length === 0) return [];
  if (nodes.length > 1)
    throw new UnsupportedModelError(
      `The layer "${layerNameOf(l)}" is called ${nodes.length} times (shared weights), which the studio's models cannot express.`,
      ['shared layer'],
    );
  const node = nodes[0];
  if (!Array.isArray(node))
    throw new UnsupportedModelError(
      `The layer "${layerNameOf(l)}" lists its inputs in a format this importer does not read (Keras 3?); save it with TensorFlow.js or Keras 2.`,
      ['keras 3 topology'],
    );
  return node.map((ref: unknown) => {
    if (!Array.isArray(ref) || typeof ref[0] !== 'string')
      throw new ModelFormatError(`The layer "${layerNameOf(l)}" has an inbound node that does not name a layer.`);
    if (ref[1] !== 0 || ref[2] !== 0)
      throw new UnsupportedModelError(`The layer "${layerNameOf(l)}" takes a shared layer's second output.`, [
        'shared layer',
      ]);
    return ref[0];
  });
}

function functional(model: KerasLayer, depth: number): ChainItem[] {
  const c = model.config as { input_layers?: unknown[][]; output_layers?: unknown[][] };
  const byName = new Map(layersOf(model).map((l) => [layerNameOf(l), l] as const));
  const ins = c.input_layers ?? [];
  const outs = c.output_layers ?? [];
  if (ins.length !== 1 || outs.length !== 1)
    throw new UnsupportedModelError(
      `The model "${layerNameOf(model)}" has ${ins.length} inputs and ${outs.length} outputs; only one of each can be imported.`,
      ['multiple inputs/outputs'],
    );
  const input = String(ins[0][0]);
  const memo = new Map<string, ChainItem[] | null>();
  // The chain that computes `target` from `from`, or null when `target` does not depend on `from` through a chain.
  const chain = (target: string, from: string): ChainItem[] | null => {
    if (target === from) return [];
    const key = `${target}<${from}`;
    if (memo.has(key)) return memo.get(key)!;
    const l = byName.get(target);
    if (!l) throw new ModelFormatError(`The model refers to a layer "${target}" that it does not define.`);
    const srcs = inbound(l);
    let out: ChainItem[] | null = null;
    if (srcs.length === 1) {
      const before = chain(srcs[0], from);
      out = before && [...before, ...item(l, depth)];
    } else if (srcs.length === 2 && l.class_name === 'Add') {
      for (const [a, b] of [srcs, [srcs[1], srcs[0]]]) {
        const branch = chain(b, a);
        const before = branch && branch.length > 0 ? chain(a, from) : null;
        if (before && branch) {
          out = [...before, { kind: 'residual', items: branch }];
          break;
        }
      }
      if (!out && chain(srcs[0], from) && chain(srcs[1], from))
        throw new UnsupportedModelError(
          `The Add layer "${target}" adds two computed branches; only x + f(x) residual blocks can be imported.`,
          ['Add of two branches'],
        );
    } else if (srcs.length > 1) {
      throw new UnsupportedModelError(
        `The ${l.class_name} layer "${target}" joins ${srcs.length} branches, which the studio's models cannot express.`,
        [l.class_name],
      );
    }
    memo.set(key, out);
    return out;
  };
  const items = chain(String(outs[0][0]), input);
  if (!items) throw new ModelFormatError(`The output of "${layerNameOf(model)}" does not depend on its input.`);
  return items;
}
