// Trains a preset outside the browser: the training worker's engine, model, trainer and training settings
// (src/engine/train/run-setup.ts), with the dataset read from a pack file instead of IndexedDB. The Node runner on Dawn
// (scripts/dawn/acceptance.ts) uses it on GPU machines that have no browser; a test runs it on the CPU engine.
import {
  Model,
  PRESETS,
  Trainer,
  type ArrayDataset,
  type Engine,
  type KernelInitializer,
  type LayerSpec,
  type ModelSpec,
  type Schedule,
} from '../../src/engine/index.ts';
import type { TrainEvent } from '../../src/engine/train/types.ts';
import { head, trainValidation } from '../../src/data/split.ts';
import { parsePack } from '../../src/data/pack.ts';
import type { ClassificationReport } from '../../src/engine/train/metrics.ts';
import { TOY_SETS } from '../../src/data/toy.ts';
import { toySplits } from '../../src/data/toy.ts';
import { trainConfig, type LoadedDataset } from '../../src/engine/train/run-setup.ts';
import { generateNames } from '../../src/engine/train/generate.ts';
import { isCharacterModel } from '../../src/protocol/training.ts';

export interface PresetRun {
  presetId: string;
  epochs?: number;
  /**
   * Shuffling order, dropout masks and the validation split (as a run's seed in the studio); the starting
   * weights come from the preset spec's own seed.
   */
  seed?: number;
  /** Train on the first `limit` training samples (0 or absent: all). */
  limit?: number;
  /** Score on the first `testLimit` test samples (0 or absent: all). */
  testLimit?: number;
  batchSize?: number;
  lr?: number;
  /** Held out of training for validation; 0 (the default here) trains on the whole training split. */
  validationSplit?: number;
  /** Overrides the initialiser of every Dense and Conv2D kernel (for comparing initialisations). */
  kernelInitializer?: KernelInitializer;
  /** The learning-rate schedule instead of the preset's (an experiment knob: the presets are the recipe). */
  schedule?: Schedule;
  onEvent?: (e: TrainEvent) => void;
}

export interface PresetResult {
  presetId: string;
  seed: number;
  evaluation: { loss: number; report: ClassificationReport | null; count: number };
  /** The learning-rate schedule it trained with (the run's override, else the preset's, else constant). */
  schedule: Schedule['kind'];
  /** Epoch events in order. */
  epochs: Extract<TrainEvent, { kind: 'epoch' }>[];
  /** Seconds of training (the epochs' sum) and of the whole call (with loading and the evaluation). */
  trainSeconds: number;
  seconds: number;
  steps: number;
  /** Twelve generated samples at temperature 1 for character models, else null. */
  samples: string[] | null;
}

/** Whether a dataset is generated in code (no pack file). */
export const isGenerated = (id: string): boolean => id in TOY_SETS;

/** A dataset from its pack file's bytes, or a generated toy set (split as the worker splits it). */
export function datasetFrom(id: string, pack: ArrayBuffer | null): LoadedDataset {
  const toy = toySplits(id);
  if (toy) return toy;
  if (!pack) throw new Error(`The dataset "${id}" is not a generated set, so it needs its pack file (${id}.pack).`);
  const p = parsePack(pack, `${id}.pack`);
  return { train: p.train, test: p.test, header: p.header };
}

/** The spec with every Dense and Conv2D kernel initialised by `init`, residual blocks included. */
export function withKernelInitializer(spec: ModelSpec, init: KernelInitializer): ModelSpec {
  const walk = (layers: LayerSpec[]): LayerSpec[] =>
    layers.map((l) =>
      l.type === 'dense' || l.type === 'conv2d'
        ? { ...l, kernelInitializer: init }
        : l.type === 'residual'
          ? { ...l, layers: walk(l.layers) }
          : l,
    );
  return { ...spec, layers: walk(spec.layers) };
}

/**
 * Trains preset `o.presetId` on `ds` with the preset's settings (and the run's overrides) and scores the test split.
 */
export async function trainPreset(engine: Engine, ds: LoadedDataset, o: PresetRun): Promise<PresetResult> {
  const started = performance.now();
  const preset = PRESETS.find((p) => p.id === o.presetId);
  if (!preset)
    throw new Error(`Unknown preset "${o.presetId}". Choose one of: ${PRESETS.map((p) => p.id).join(', ')}.`);
  const seed = o.seed ?? 1;
  const config = trainConfig(
    {
      epochs: o.epochs,
      seed,
      batchSize: o.batchSize,
      lr: o.lr,
      schedule: o.schedule,
      validationSplit: o.validationSplit ?? 0,
    },
    preset.training,
    ds.header?.ignoreIndex ?? -100,
  );
  const all: ArrayDataset = o.limit ? head(ds.train, o.limit) : ds.train;
  const [train, val] = trainValidation(all, config.validationSplit ?? 0, seed);
  const spec = o.kernelInitializer ? withKernelInitializer(preset.spec, o.kernelInitializer) : preset.spec;
  const model = new Model(engine, spec);
  const trainer = new Trainer(engine, model, config, train, val);
  try {
    const epochs: PresetResult['epochs'] = [];
    let steps = 0;
    while (!trainer.done) {
      const events = await trainer.step();
      steps++;
      for (const ev of events) {
        if (ev.kind === 'step' && !Number.isFinite(ev.loss))
          throw new Error(`${o.presetId}: the loss became ${ev.loss} at step ${ev.globalStep}; training stopped.`);
        if (ev.kind === 'epoch') epochs.push(ev);
        o.onEvent?.(ev);
      }
    }
    const test = o.testLimit ? head(ds.test, o.testLimit) : ds.test;
    const r = await trainer.evaluate(test);
    const characters = isCharacterModel(spec.input.dtype, ds.header?.vocabulary);
    const samples = characters ? await generateNames(trainer, model, { count: 12, temperature: 1, seed: 1 }) : null;
    return {
      presetId: o.presetId,
      seed,
      schedule: config.schedule?.kind ?? 'constant',
      evaluation: { loss: r.loss, report: r.report, count: test.count },
      epochs,
      trainSeconds: epochs.reduce((s, e) => s + e.seconds, 0),
      seconds: (performance.now() - started) / 1000,
      steps,
      samples,
    };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}
