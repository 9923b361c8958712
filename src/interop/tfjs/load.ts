// Putting an imported model's weights into a built studio model (its parameters and batch-norm state).
import type { Model } from '../../engine/nn/model.ts';
import { ModelFormatError } from '../errors.ts';
import type { HostWeight } from './weights.ts';

/** Assigns `weights` (by the spec's parameter names) to `model`; every parameter must be given, shape and all. */
export function assignWeights(model: Model, weights: Map<string, HostWeight>): void {
  const e = model.engine;
  for (const [name, t] of model.tensors) {
    const w = weights.get(name);
    if (!w || w.shape.join() !== t.shape.join())
      throw new ModelFormatError(`The imported weights do not fit the model: ${name} is missing or has another shape.`);
    e.scope(() => e.assign(t, e.tensor(w.data, t.shape)));
  }
}
