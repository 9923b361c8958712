// Worker-side helpers for the studio views: spec validation with shape inference, a run's stored history and
// class names, character-level name generation with a temperature, and weight histograms of the active model.
import { summarize, SpecError, type Model, type ModelSpec, type Trainer } from '../src/engine/index.ts';
import { parsePack } from '../src/data/pack.ts';
import type { StudioDb } from '../src/storage/db.ts';
import type { GenerateOptions, RunDetails, SpecCheck, WeightHistogram } from '../src/protocol/trainer.ts';
import { splitmix32 } from '../kernels/common/random.mjs';

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

/** A run's stored curves, spec, dataset class names and training settings. */
export async function runDetails(db: StudioDb, runId: string): Promise<RunDetails> {
  const run = await db.get('runs', runId);
  if (!run) throw new Error(`There is no run with id ${runId}; it may have been deleted.`);
  let classNames: string[] | null = null;
  let vocabulary: string[] | null = null;
  const stored = await db.get('datasets', run.datasetId);
  if (stored) {
    const header = parsePack(stored.pack, `${run.datasetId}.pack`).header;
    classNames = header.classNames ?? null;
    vocabulary = header.vocabulary ?? null;
  }
  const ckpt = await db.get('checkpoints', runId);
  return {
    id: run.id,
    spec: run.spec,
    history: run.history,
    classNames,
    vocabulary,
    limit: run.limit,
    testLimit: run.testLimit,
    batchSize: run.config.batchSize,
    lr: run.config.optimizer.lr,
    optimizer: run.config.optimizer.kind,
    config: run.config,
    checkpointStep: ckpt?.position.globalStep ?? null,
  };
}

/**
 * Samples names letter by letter from a character model (token 0 = start/end, 1–26 = a–z): each step runs the
 * whole batch once and samples position t's distribution sharpened or flattened by the temperature.
 */
export async function generateNames(trainer: Trainer, model: Model, o: GenerateOptions): Promise<string[]> {
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
      const w = new Float64Array(27);
      let total = 0;
      for (let k = 0; k < 27 && k < vocab; k++) {
        w[k] = Math.pow(Math.max(row[k], 1e-12), 1 / temperature);
        total += w[k];
      }
      let r = random() * total;
      let pick = 0;
      for (; pick < 26; pick++) {
        r -= w[pick];
        if (r <= 0) break;
      }
      if (pick === 0) finished[i] = true;
      else {
        names[i] += String.fromCharCode(96 + pick);
        seqs[i * len + t + 1] = pick;
      }
    }
  }
  return names.map((n) => (n ? n[0].toUpperCase() + n.slice(1) : '(empty)'));
}

/** A histogram of `values` in `bins` equal bins from their min to their max, with their L2 norm. */
export function histogram(
  name: string,
  shape: readonly number[],
  values: ArrayLike<number>,
  bins = 30,
): WeightHistogram {
  let min = Infinity;
  let max = -Infinity;
  let sq = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sq += v * v;
  }
  const hi = max > min ? max : min + 1e-6;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++)
    counts[Math.min(bins - 1, Math.floor(((values[i] - min) / (hi - min)) * bins))]++;
  return { name, shape: shape.slice(), min, max: hi, counts, norm: Math.sqrt(sq) };
}

/** Histograms of every parameter tensor of the model (values read back from the GPU). */
export async function weightHistograms(model: Model, bins = 30): Promise<WeightHistogram[]> {
  const out: WeightHistogram[] = [];
  for (const [name, tensor] of model.tensors)
    out.push(histogram(name, tensor.shape, (await tensor.data()) as Float32Array, bins));
  return out;
}
