// Checks a model call's inputs against the model's signature before any engine sees them, so a wrong picture size
// or a missing input gets a sentence naming the input instead of an engine's internal message.
import { ShapeError } from '../engine/errors.ts';
import type { HostTensor, ModelSignature } from './model.ts';

/** Throws a ShapeError naming the first input that is missing, extra, of the wrong dtype or of the wrong shape. */
export function checkFeeds(signature: ModelSignature, feeds: Record<string, HostTensor>): void {
  for (const s of signature.inputs) {
    const t = feeds[s.name];
    if (!t) throw new ShapeError('model input', `the model needs an input named “${s.name}”, and none was given.`);
    if (t.dtype !== s.dtype)
      throw new ShapeError('model input', `“${s.name}” takes ${s.dtype} values, but ${t.dtype} values were given.`);
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length)
      throw new ShapeError(
        'model input',
        `“${s.name}” has shape [${t.shape.join(', ')}] (${size} values) but holds ${t.data.length} values.`,
      );
    const fixed = s.shape.every((d, i) => typeof d !== 'number' || d === t.shape[i]);
    if (t.shape.length !== s.shape.length || !fixed)
      throw new ShapeError(
        'model input',
        `“${s.name}” takes shape [${s.shape.join(', ')}], but [${t.shape.join(', ')}] was given.`,
      );
  }
  const extra = Object.keys(feeds).find((k) => !signature.inputs.some((s) => s.name === k));
  if (extra) throw new ShapeError('model input', `the model has no input named “${extra}”.`);
}
