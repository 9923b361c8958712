// Validation and shape inference for the layer editor: a spec's layers with their shapes and parameter counts, or
// the first problem with the field it names, and, given a dataset, whether the model fits it (never a throw, so the
// editor can show it inline while the learner types).
import { summarize, type LayerSummary } from './model.ts';
import { SpecError } from '../errors.ts';
import type { ModelSpec } from './spec.ts';
import { fitProblem, layerName, type DatasetShape, type SpecProblem } from './spec-fit.ts';
import { checkBudget, type DeviceBudget } from './memory-budget.ts';

/** A spec checked in the worker: every layer's shapes, or the first problem with the field it names. */
export interface SpecCheck {
  ok: boolean;
  layers: LayerSummary[];
  outShape: number[];
  params: number;
  /** Rough bytes to train with Adam at batch 64. */
  trainingBytes: number;
  error: SpecProblem | null;
  /** The model builds but does not fit the dataset it was checked against (`error` says how to fix it). */
  misfit?: boolean;
}

const failed = (error: SpecProblem): SpecCheck => ({
  ok: false,
  layers: [],
  outShape: [],
  params: 0,
  trainingBytes: 0,
  error,
});

/**
 * Validates a spec and infers every layer's shape; with `dataset`, also checks that the model fits it. Never throws
 * for a bad spec: the error names the field (`layers[2].activation`) and its message the layer ("Layer 3 (dense):").
 * With `budget`, a model too large for the device at `batch` is refused too (src/engine/nn/memory-budget.ts).
 */
export function checkSpec(
  spec: ModelSpec,
  dataset: DatasetShape | null = null,
  batch = 64,
  budget: DeviceBudget | null = null,
): SpecCheck {
  try {
    const s = summarize(spec);
    // Before anything is allocated: every tensor fits one GPU buffer and training fits the device's budget.
    if (budget) checkBudget(s, batch, budget);
    const checked: SpecCheck = {
      ok: true,
      layers: s.layers,
      outShape: s.outShape,
      params: s.params,
      trainingBytes: s.trainingBytes(batch),
      error: null,
    };
    const misfit = dataset ? fitProblem(spec, s.outShape, dataset) : null;
    return misfit ? { ...checked, ok: false, misfit: true, error: misfit } : checked;
  } catch (e) {
    if (e instanceof SpecError) {
      const layer = layerName(spec, e.path);
      const field = e.path?.match(/\.(\w+)$/)?.[1];
      const what = layer ? `${layer}: ${field && !/^layers$/.test(field) ? `${field} ` : ''}` : '';
      return failed({ path: e.path, message: `${what}${e.detail}` });
    }
    return failed({ path: null, message: (e as Error).message });
  }
}
