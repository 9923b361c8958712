// Building a model from its spec: validation with shape inference (errors point at the layer and field),
// parameter counts and a training-memory estimate, seeded parameters, and the forward pass.
import type { Engine } from '../engine.ts';
import type { Tensor } from '../tensor.ts';
import * as T from '../ops/api.ts';
import { EngineError, SpecError } from '../errors.ts';
import { initValues, paramSeed } from './init.ts';
import { layerTable, type ForwardContext, type LayerDef, type ParamDecl } from './layers.ts';
import { BOOLEAN_FIELDS, FIELD_CHOICES, type LayerSpec, type ModelSpec } from './spec.ts';
import { sizeOf } from '../shape.ts';

/** One layer's place in the model after shape inference. */
export interface LayerSummary {
  path: string;
  type: string;
  inShape: number[];
  outShape: number[];
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  outShape: number[];
  /** Trainable parameters. */
  params: number;
  /** Non-trainable state (batch-norm statistics). */
  stateValues: number;
  /** Rough bytes to train with Adam at `batch`: parameters, gradients, two moments, and twice the activations. */
  trainingBytes(batch: number): number;
}

interface Flat {
  path: string;
  spec: LayerSpec;
  inShape: number[];
  outShape: number[];
  decls: ParamDecl[];
}

const def = (s: LayerSpec) => layerTable[s.type] as LayerDef<LayerSpec>;

/**
 * How deeply residual blocks may nest. Real networks nest one or two levels; a spec nested thousands deep (a
 * damaged or hostile file) would otherwise overflow the stack here and in the forward pass.
 */
export const MAX_NESTING = 16;

/** Refuses a value outside a field's fixed choices (an activation typed "relux") or a non-boolean flag. */
function checkChoices(spec: LayerSpec, path: string): void {
  for (const [field, value] of Object.entries(spec)) {
    if (value === undefined) continue;
    const choices = FIELD_CHOICES[field];
    if (choices && !choices.includes(value as string))
      throw new SpecError(`${path}.${field}`, `must be one of ${choices.join(', ')} (it is ${JSON.stringify(value)})`);
    if (BOOLEAN_FIELDS.includes(field) && typeof value !== 'boolean')
      throw new SpecError(`${path}.${field}`, `must be true or false (it is ${JSON.stringify(value)})`);
  }
}

/** Infers shapes through `layers`, appending each (nested layers of residual blocks included) to `out`. */
function walk(layers: unknown, input: number[], prefix: string, out: Flat[], depth = 0): number[] {
  if (!Array.isArray(layers)) throw new SpecError(prefix, 'must be a list of layers');
  if (depth > MAX_NESTING)
    throw new SpecError(prefix, `nests residual blocks more than ${MAX_NESTING} deep; flatten the model`);
  let shape = input;
  layers.forEach((spec: LayerSpec, i) => {
    const path = `${prefix}[${i}]`;
    if (!spec || typeof spec !== 'object' || !(spec.type in layerTable)) {
      throw new SpecError(
        `${path}.type`,
        `unknown layer type ${JSON.stringify((spec as { type?: unknown })?.type)}; expected one of ${Object.keys(layerTable).join(', ')}`,
      );
    }
    checkChoices(spec, path);
    if (spec.type === 'residual') {
      const inner = walk(spec.layers, shape, `${path}.layers`, out, depth + 1);
      if (inner.join() !== shape.join())
        throw new SpecError(
          `${path}.layers`,
          `must keep the shape [${shape.join(', ')}] to be added back, but give [${inner.join(', ')}]`,
        );
      out.push({ path, spec, inShape: shape, outShape: shape, decls: [] });
      return;
    }
    const outShape = def(spec).outShape(spec, shape, path);
    out.push({ path, spec, inShape: shape, outShape, decls: def(spec).params(spec, shape) });
    shape = outShape;
  });
  return shape;
}

/** Checks a spec and infers every shape; throws SpecError naming the layer and field. */
export function summarize(spec: ModelSpec): ModelSummary {
  if (!spec || typeof spec !== 'object') throw new SpecError('model', 'must be an object with input and layers');
  const shape = spec.input?.shape;
  if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1))
    throw new SpecError('input.shape', 'must be a non-empty list of positive integers');
  if (!Array.isArray(spec.layers) || spec.layers.length === 0)
    throw new SpecError('layers', 'needs at least one layer');
  const flat: Flat[] = [];
  const outShape = walk(spec.layers, shape, 'layers', flat);
  const count = (d: ParamDecl) => sizeOf(d.shape);
  const params = flat.reduce((acc, f) => acc + f.decls.filter((d) => !d.state).reduce((a, d) => a + count(d), 0), 0);
  const stateValues = flat.reduce(
    (acc, f) => acc + f.decls.filter((d) => d.state).reduce((a, d) => a + count(d), 0),
    0,
  );
  const activations = flat.reduce((acc, f) => acc + sizeOf(f.outShape), sizeOf(shape));
  return {
    layers: flat.map((f) => ({
      path: f.path,
      type: f.spec.type,
      inShape: f.inShape,
      outShape: f.outShape,
      params: f.decls.filter((d) => !d.state).reduce((a, d) => a + count(d), 0),
    })),
    outShape,
    params,
    stateValues,
    trainingBytes: (batch) => 4 * (4 * params + stateValues + 2 * batch * activations),
  };
}

/** Name → shape of every parameter and state tensor the spec creates (no GPU work). */
export function parameterShapes(spec: ModelSpec): Map<string, number[]> {
  summarize(spec);
  const flat: Flat[] = [];
  walk(spec.layers, spec.input.shape, 'layers', flat);
  return new Map(flat.flatMap((f) => f.decls.map((d) => [`${f.path}.${d.name}`, d.shape] as [string, number[]])));
}

/** Validates without throwing: the first problem, or null. */
export function validate(spec: ModelSpec): SpecError | null {
  try {
    summarize(spec);
    return null;
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
}

/** A built model: named parameters on an engine and a forward pass. */
export class Model {
  readonly summary: ModelSummary;
  /** Every parameter and state tensor, by name (`layers[0].kernel`). */
  readonly tensors = new Map<string, Tensor>();
  private flat: Flat[] = [];

  constructor(
    readonly engine: Engine,
    readonly spec: ModelSpec,
  ) {
    this.summary = summarize(spec);
    walk(spec.layers, spec.input.shape, 'layers', this.flat);
    let index = 0;
    for (const f of this.flat) {
      for (const d of f.decls) {
        const size = sizeOf(d.shape);
        const t = engine.tensor(initValues(d.init, size, paramSeed(spec.seed ?? 0, index++)), d.shape);
        this.tensors.set(`${f.path}.${d.name}`, d.state ? engine.keep(t) : engine.variable(t));
      }
    }
  }

  /** Trainable parameters, in a stable order. */
  parameters(): Tensor[] {
    return [...this.tensors.values()].filter((t) => t.isLeaf);
  }

  /** Runs the model on a batch [B, ...input.shape]. */
  forward(x: Tensor, opts: { training: boolean; seed?: number }): Tensor {
    const want = this.spec.input.shape;
    if (x.rank !== want.length + 1 || x.shape.slice(1).join() !== want.join()) {
      throw new EngineError(
        `${this.spec.name}: expects a batch of shape [batch, ${want.join(', ')}], got [${x.shape.join(', ')}]`,
      );
    }
    let calls = 0;
    const ctx: ForwardContext = { training: opts.training, nextSeed: () => paramSeed(opts.seed ?? 0, 1000 + calls++) };
    return this.runLayers(this.spec.layers, 'layers', x, ctx);
  }

  private runLayers(layers: LayerSpec[], prefix: string, x: Tensor, ctx: ForwardContext): Tensor {
    let h = x;
    layers.forEach((spec, i) => {
      const path = `${prefix}[${i}]`;
      if (spec.type === 'residual') {
        h = T.add(h, this.runLayers(spec.layers, `${path}.layers`, h, ctx));
        return;
      }
      const f = this.flat.find((l) => l.path === path)!;
      const params: Record<string, Tensor> = {};
      for (const d of f.decls) params[d.name] = this.tensors.get(`${path}.${d.name}`)!;
      h = def(spec).forward(spec, h, params, ctx, f.inShape);
    });
    return h;
  }

  dispose(): void {
    for (const t of this.tensors.values()) t.dispose();
    this.tensors.clear();
  }
}
