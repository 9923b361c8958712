// Character-level sampling from a trained sequence model (the names Transformer): letter by letter, with a
// temperature, seeded so the same seed gives the same names.
import type { Model } from '../nn/model.ts';
import type { Trainer } from './trainer.ts';
import { splitmix32 } from '../../../kernels/common/random.mjs';

export interface GenerateOptions {
  count: number;
  /** Below 1 picks likelier letters, above 1 takes more chances. */
  temperature: number;
  seed?: number;
}

/** The names set's vocabulary: token 0 starts and ends a name, 1–26 are a–z. */
export const NAME_VOCABULARY: readonly string[] = ['.', ...'abcdefghijklmnopqrstuvwxyz'];

/**
 * Samples names letter by letter from a character model whose token 0 starts and ends a name and whose other
 * tokens are the letters of `vocabulary` (the dataset's own): each step runs the whole batch once and samples
 * position t's distribution sharpened or flattened by the temperature.
 */
export async function generateNames(
  trainer: Trainer,
  model: Model,
  o: GenerateOptions,
  vocabulary: readonly string[] = NAME_VOCABULARY,
): Promise<string[]> {
  const [len] = model.spec.input.shape;
  if (model.spec.input.dtype !== 'i32' || model.spec.input.shape.length !== 1)
    throw new Error(
      'Generation needs a character model that reads a sequence of letters, such as the names Transformer.',
    );
  const vocab = model.summary.outShape[model.summary.outShape.length - 1];
  const count = Math.max(1, Math.min(64, o.count));
  const temperature = Math.max(0.05, o.temperature);
  // Seeded so the same seed gives the same names.
  const random = splitmix32(o.seed ?? Date.now());
  const seqs = new Int32Array(count * len);
  const finished = new Array<boolean>(count).fill(false);
  const names: string[] = new Array<string>(count).fill('');
  for (let t = 0; t < len - 1 && finished.some((f) => !f); t++) {
    const probs = await trainer.predict(seqs.slice(), count);
    for (let i = 0; i < count; i++) {
      if (finished[i]) continue;
      const row = probs.subarray((i * len + t) * vocab, (i * len + t + 1) * vocab);
      const tokens = Math.min(vocab, vocabulary.length);
      const w = new Float64Array(tokens);
      let total = 0;
      for (let k = 0; k < tokens; k++) {
        w[k] = Math.pow(Math.max(row[k], 1e-12), 1 / temperature);
        total += w[k];
      }
      let r = random() * total;
      let pick = 0;
      for (; pick < tokens - 1; pick++) {
        r -= w[pick];
        if (r <= 0) break;
      }
      if (pick === 0) finished[i] = true;
      else {
        names[i] += vocabulary[pick];
        seqs[i * len + t + 1] = pick;
      }
    }
  }
  return names.map((n) => (n ? n[0].toUpperCase() + n.slice(1) : '(empty)'));
}
