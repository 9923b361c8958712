// What the ONNX and TF.js exporters take: a spec's weights as checkpoints store them, checked against the spec, and
// the notes (class names, how inputs were scaled) that a file read outside the studio needs.
import { parameterShapes } from '../engine/nn/model.ts';
import type { ModelSpec } from '../engine/nn/spec.ts';
import { ModelFormatError } from './errors.ts';

/** A model's weights as checkpoints store them: name (`layers[0].kernel`) → shape and float32 values. */
export type ExportWeights = Record<string, { shape: number[]; data: ArrayBuffer | Float32Array }>;

export interface ExportOptions {
  /** Class names, in output order (ONNX metadata_props / TF.js userDefinedMetadata `labels`). */
  labels?: readonly string[];
  /** Free text for the file's description (what it was trained on, how inputs were scaled). */
  description?: string;
  /** More metadata entries (the dataset's input scaling and standardisation). */
  metadata?: Record<string, string>;
}

/**
 * Every tensor the spec needs, as float32 with its shape, by name. A missing or misshapen one is a
 * ModelFormatError naming it (`format` says which export asked).
 */
export function checkedWeights(
  spec: ModelSpec,
  weights: ExportWeights,
  format: string,
): Map<string, { shape: number[]; data: Float32Array }> {
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, shape] of parameterShapes(spec)) {
    const w = weights[name];
    if (!w) throw new ModelFormatError(`${format} export: the weights have no tensor "${name}" that the model needs.`);
    const size = shape.reduce((a, b) => a * b, 1);
    const bytes = w.data.byteLength;
    if (w.shape.join() !== shape.join() || bytes !== 4 * size)
      throw new ModelFormatError(
        `${format} export: the tensor "${name}" is [${w.shape.join(', ')}] (${bytes} bytes) but the model needs float32 [${shape.join(', ')}].`,
      );
    values.set(name, { shape, data: w.data instanceof Float32Array ? w.data : new Float32Array(w.data) });
  }
  return values;
}
