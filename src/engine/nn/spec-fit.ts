// Whether a model fits a dataset (input shape and dtype, one output per class or per target, the loss the task
// needs, the embedding's range), from a short description of the dataset, with a sentence naming the layer to fix.
import type { LayerSpec, ModelSpec } from './spec.ts';

/** What a model must match in a dataset: its task, one sample's shape and dtype, its classes or targets. */
export interface DatasetShape {
  id: string;
  title: string;
  /** Class ids, numbers to predict, or a token id at each position (next-token prediction). */
  task: 'classification' | 'regression' | 'sequence';
  xShape: number[];
  xDtype: 'f32' | 'i32';
  /** Shape of one target: [] for a class id or a single number, [time] for sequences. */
  yShape: number[];
  /** Classes (tokens for sequences); 0 for regression. */
  classes: number;
  /** Token inputs: the largest token id + 1, which an Embedding's vocabulary must reach. */
  tokenRange?: number;
  /** Training samples. */
  count: number;
  /** Class names, when the dataset has them. */
  classNames?: string[] | null;
}

/** A problem with a model: the field it concerns (`layers[2].units`) and a sentence saying what to change. */
export interface SpecProblem {
  path: string | null;
  message: string;
}

/** The loss a task trains with: mean squared error for numbers, cross-entropy over classes otherwise. */
export const lossFor = (task: DatasetShape['task']): 'mse' | 'softmaxCrossEntropy' =>
  task === 'regression' ? 'mse' : 'softmaxCrossEntropy';

const fmt = (s: readonly number[]) => `[${s.join(', ')}]`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** "Layer 3 (dense)" for `layers[2]…`, "Layer 2.1 (dense)" inside a residual block; null for other paths. */
export function layerName(spec: ModelSpec, path: string | null): string | null {
  const steps = [...(path ?? '').matchAll(/layers\[(\d+)\]/g)].map((m) => Number(m[1]));
  if (!path?.startsWith('layers[') || steps.length === 0) return null;
  let layers: LayerSpec[] | undefined = spec.layers;
  let layer: LayerSpec | undefined;
  for (const i of steps) {
    layer = layers?.[i];
    layers = layer?.type === 'residual' ? layer.layers : undefined;
  }
  const type = layer && typeof layer === 'object' && typeof layer.type === 'string' ? ` (${layer.type})` : '';
  return `Layer ${steps.map((i) => i + 1).join('.')}${type}`;
}

/** The last top-level dense layer (it sets the size of the output's last axis) and its index. */
function lastDense(spec: ModelSpec): { i: number; layer: Extract<LayerSpec, { type: 'dense' }> } | null {
  for (let i = spec.layers.length - 1; i >= 0; i--) {
    const l = spec.layers[i];
    if (l.type === 'dense') return { i, layer: l };
    // Layers after it that change the shape would make its units the wrong thing to point at.
    if (!['dropout', 'activation', 'layerNorm', 'batchNorm'].includes(l.type)) return null;
  }
  return null;
}

/** Asks for `want` outputs on the last axis: names the dense layer and its units when there is one. */
function outputs(spec: ModelSpec, got: number, want: number, what: string): SpecProblem {
  const d = lastDense(spec);
  if (d)
    return {
      path: `layers[${d.i}].units`,
      message: `Layer ${d.i + 1} (dense) has ${plural(got, 'output')} but ${what}: set units to ${want}.`,
    };
  return {
    path: `layers[${spec.layers.length - 1}]`,
    message: `The model ends with ${plural(got, 'output')} but ${what}: end it with a dense layer of ${want} units.`,
  };
}

/**
 * The first reason `spec` (whose output shape is `out`) cannot train on dataset `d`, or null when it fits.
 * Classification wants one output per class (logits: cross-entropy applies the softmax), regression one linear
 * output per target (mean squared error), sequences a score per token at each position.
 */
export function fitProblem(spec: ModelSpec, out: number[], d: DatasetShape): SpecProblem | null {
  const name = `“${d.title}”`;
  if (fmt(spec.input.shape) !== fmt(d.xShape))
    return {
      path: 'input.shape',
      message: `The model's input shape is ${fmt(spec.input.shape)}, but each sample of ${name} has shape ${fmt(d.xShape)}; set the input shape to ${fmt(d.xShape)}.`,
    };
  const tokens = d.xDtype === 'i32';
  if (tokens !== (spec.input.dtype === 'i32'))
    return {
      path: 'input.dtype',
      message: tokens
        ? `${name} holds token ids (whole numbers), so the model's input dtype must be i32 and it should start with an Embedding layer.`
        : `${name} holds real numbers, so the model's input dtype must be f32 (not i32).`,
    };
  const last = out[out.length - 1];
  const end = lastDense(spec);
  if (d.task === 'classification') {
    if (out.length !== 1)
      return {
        path: `layers[${spec.layers.length - 1}]`,
        message: `The model gives ${fmt(out)} per sample but ${name} needs one score per class, [${d.classes}]: add a flatten layer before the last dense layer.`,
      };
    if (last !== d.classes) return outputs(spec, last, d.classes, `${name} has ${plural(d.classes, 'class')}`);
  }
  if (d.task === 'sequence') {
    const want = [...d.yShape, d.classes];
    if (fmt(out.slice(0, -1)) !== fmt(d.yShape))
      return {
        path: `layers[${spec.layers.length - 1}]`,
        message: `${name} predicts one of ${d.classes} tokens at each of ${d.yShape[0]} positions, so the output must be ${fmt(want)}; it is ${fmt(out)}. Keep the sequence axis (returnSequences on recurrent layers, no flatten).`,
      };
    if (last < d.classes) return outputs(spec, last, d.classes, `${name} has ${plural(d.classes, 'token')}`);
  }
  if (d.task === 'regression') {
    const targets = size(d.yShape);
    if (size(out) !== targets)
      return outputs(
        spec,
        size(out),
        targets,
        `${name} has ${plural(targets, 'number')} to predict per sample (regression, mean squared error)`,
      );
  }
  const act = end?.layer.activation;
  if (end && d.task === 'regression' && (act === 'softmax' || act === 'sigmoid'))
    return {
      path: `layers[${end.i}].activation`,
      message: `Layer ${end.i + 1} (dense) ends with ${act}, but ${name} asks for numbers (regression, mean squared error): set activation to linear.`,
    };
  if (end && d.task !== 'regression' && act === 'softmax')
    return {
      path: `layers[${end.i}].activation`,
      message: `Layer ${end.i + 1} (dense) applies softmax, but the cross-entropy loss applies it already: set activation to linear.`,
    };
  const e = spec.layers.findIndex((l) => l.type === 'embedding');
  const emb = spec.layers[e];
  if (tokens && emb?.type === 'embedding' && d.tokenRange !== undefined && emb.vocabSize < d.tokenRange)
    return {
      path: `layers[${e}].vocabSize`,
      message: `Layer ${e + 1} (embedding) has a vocabulary of ${emb.vocabSize} but ${name} uses token ids up to ${d.tokenRange - 1}: set vocabSize to at least ${d.tokenRange}.`,
    };
  return null;
}
