// Every preset trains on a small subset of its real dataset on WebGPU, through the same loader, model and
// trainer the worker uses: the loss falls and accuracy is clearly above chance (loss only for regression).
import { afterAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { Engine, Model, PRESETS, Trainer, type TrainConfig, type TrainEvent } from '../src/engine/index.ts';
import { head } from '../src/data/split.ts';
import { openStudioDb } from '../src/storage/db.ts';
import { loadDataset } from '../src/storage/dataset-loader.ts';
import { trainConfig } from '../src/engine/train/run-setup.ts';

const e = await Engine.create();
await deleteDB('presets-test');
const db = await openStudioDb('presets-test');
afterAll(() => {
  db.close();
  e.dispose();
});

// Subset sizes and epochs keep each preset to a few seconds on a software adapter, well inside the one-minute
// limit of a test (the config's default timeout) even on a busy machine.
const budget: Record<string, { limit: number; epochs: number; lr?: number; batch?: number }> = {
  'mnist-mlp': { limit: 512, epochs: 3 },
  lenet5: { limit: 64, epochs: 4, lr: 3e-3, batch: 16 },
  'cifar-cnn': { limit: 48, epochs: 4, lr: 3e-3, batch: 16 },
  'names-transformer': { limit: 48, epochs: 3, batch: 16 },
  'spam-bow-mlp': { limit: 256, epochs: 4 },
  'spam-bilstm': { limit: 32, epochs: 3, lr: 1e-2, batch: 8 },
  iris: { limit: 120, epochs: 40 },
  penguins: { limit: 200, epochs: 30 },
  'cars-mpg': { limit: 300, epochs: 30 },
};

/**
 * Exceptions to the one-minute limit: the BiLSTM runs 2 × 64 sequential cell dispatches a step and took
 * 61–85 s on a loaded 2-core machine even at 32 samples; the CIFAR CNN took 39–60 s. Moving them to the
 * acceptance scripts is issue 16's work.
 */
const SLOW: Record<string, number> = { 'spam-bilstm': 180_000, 'cifar-cnn': 120_000 };

describe('presets learn on small subsets', () => {
  for (const preset of PRESETS) {
    test(
      preset.id,
      async () => {
        const started = performance.now();
        const b = budget[preset.id] ?? { limit: 400, epochs: 20 };
        const ds = await loadDataset(db, preset.dataset);
        const train = head(ds.train, b.limit);
        // The preset's own settings (schedule, clipping, weight decay) as a run would get them, on a smaller budget.
        const config: TrainConfig = {
          ...trainConfig(
            { epochs: b.epochs, batchSize: b.batch ?? 32, lr: b.lr, seed: 1 },
            preset.training,
            ds.header?.ignoreIndex ?? -100,
          ),
          reportEveryMs: 1e9,
        };
        const model = new Model(e, preset.spec);
        const trainer = new Trainer(e, model, config, train);
        const epochs: Extract<TrainEvent, { kind: 'epoch' }>[] = [];
        while (!trainer.done) for (const ev of await trainer.step()) if (ev.kind === 'epoch') epochs.push(ev);
        expect(epochs[epochs.length - 1].trainLoss).toBeLessThan(epochs[0].trainLoss * 0.9);
        const evaluation = await trainer.evaluate(train);
        if (preset.training.loss === 'softmaxCrossEntropy') {
          // Clearly above chance: 1.6× uniform guessing, and better than always answering the subset's most
          // common class (spam subsets are mostly ham).
          const report = evaluation.report!;
          const support = report.perClass.map((c) => c.support);
          const majority = Math.max(...support) / support.reduce((a, b) => a + b, 0);
          expect(report.accuracy).toBeGreaterThan(Math.min(0.9, Math.max(1.6 / report.perClass.length, majority)));
        }
        console.log(
          `[preset] ${preset.id}: ${((performance.now() - started) / 1000).toFixed(1)} s, loss ${epochs[0].trainLoss.toFixed(3)} -> ${epochs[epochs.length - 1].trainLoss.toFixed(3)}`,
        );
        trainer.dispose();
        model.dispose();
      },
      SLOW[preset.id],
    );
  }
});
