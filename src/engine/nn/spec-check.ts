// Validation and shape inference for the layer editor: a spec's layers with their shapes and parameter counts, or
// the first problem with the field it names (never a throw, so the editor can show it inline).
import { summarize, type LayerSummary } from './model.ts';
import { SpecError } from '../errors.ts';
import type { ModelSpec } from './spec.ts';

/** A spec checked in the worker: every layer's shapes, or the first problem with the field it names. */
export interface SpecCheck {
  ok: boolean;
  layers: LayerSummary[];
  outShape: number[];
  params: number;
  /** Rough bytes to train with Adam at batch 64. */
  trainingBytes: number;
  error: { path: string | null; message: string } | null;
}

/** Validates a spec and infers every layer's shape; never throws for a bad spec. */
export function checkSpec(spec: ModelSpec, batch = 64): SpecCheck {
  try {
    const s = summarize(spec);
    return {
      ok: true,
      layers: s.layers,
      outShape: s.outShape,
      params: s.params,
      trainingBytes: s.trainingBytes(batch),
      error: null,
    };
  } catch (e) {
    if (e instanceof SpecError)
      return {
        ok: false,
        layers: [],
        outShape: [],
        params: 0,
        trainingBytes: 0,
        error: { path: e.path, message: e.detail },
      };
    return {
      ok: false,
      layers: [],
      outShape: [],
      params: 0,
      trainingBytes: 0,
      error: { path: null, message: (e as Error).message },
    };
  }
}
