// Typed errors of the model importers and exporters. Each message names the file or op and what to do.
import { EngineError } from '../engine/errors.ts';

/** A model file that cannot be read: wrong format, truncated, inconsistent weights. */
export class ModelFormatError extends EngineError {}

/** A model that is valid but uses an op, dtype or attribute our engine does not run. */
export class UnsupportedModelError extends EngineError {
  constructor(
    message: string,
    /** The op types (or features) that were missing, for the per-op report. */
    readonly missing: readonly string[] = [],
  ) {
    super(message);
  }
}

// Written out, as in src/engine/errors.ts: production builds rename classes; src/ui/errors.ts picks advice by name.
ModelFormatError.prototype.name = 'ModelFormatError';
UnsupportedModelError.prototype.name = 'UnsupportedModelError';
