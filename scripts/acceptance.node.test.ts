// The acceptance script's judging and table, and one real headless training run (the `npm run train` path:
// Vite, Chromium with WebGPU, the trainer worker, evaluation and the checkpoint file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatTable, judge, mergeRows, TARGETS } from './acceptance.mjs';
import { formatSeedSummary, seedSummaries, verdict } from './acceptance-targets.mjs';
import { runOptions, train } from './train.mjs';

describe('acceptance', () => {
  test('targets cover the issue and are judged in the right direction', () => {
    expect(TARGETS.map((t) => t.preset)).toEqual(
      expect.arrayContaining(['mnist-mlp', 'lenet5', 'cifar-cnn', 'names-transformer', 'spam-bow-mlp', 'iris']),
    );
    const mlp = TARGETS.find((t) => t.preset === 'mnist-mlp')!;
    expect(judge(mlp, { loss: 0.1, report: { accuracy: 0.976 } }).pass).toBe(true);
    expect(judge(mlp, { loss: 0.1, report: { accuracy: 0.97 } }).pass).toBe(false);
    const names = TARGETS.find((t) => t.preset === 'names-transformer')!;
    expect(judge(names, { loss: 2.05, report: null }).pass).toBe(true);
    expect(judge(names, { loss: 2.2, report: null }).pass).toBe(false);
  });

  test('the table shows value, target and verdict', () => {
    const table = formatTable([
      { preset: 'iris', epochs: 100, metric: 'accuracy', min: 0.95, value: 0.9667, pass: true, seconds: 12.3 },
    ]);
    expect(table).toMatch(/\| iris\s+\| 100\s+\| all\s+\| accuracy \| 96\.67% \| ≥ 95\.0% \| yes \| 12\s+\|/);
  });

  test('several seeds of a preset are judged by their mean; one seed and failed runs are left out', () => {
    const mlp = { preset: 'mnist-mlp', epochs: 5, metric: 'accuracy' as const, min: 0.975, seconds: 1 };
    const rows = [0.9742, 0.9779, 0.9778, 0.9769, 0.9766].map((value, i) => ({
      ...mlp,
      seed: i + 1,
      value,
      pass: value >= 0.975,
    }));
    const names = { preset: 'names-transformer', epochs: 20, metric: 'loss' as const, max: 2.1, seconds: 1 };
    const summaries = seedSummaries([
      ...rows,
      { ...mlp, seed: 6, value: NaN, pass: false },
      { ...names, seed: 1, value: 2.0, pass: true },
      { ...names, seed: 2, value: 2.3, pass: false },
      { preset: 'iris', epochs: 1, metric: 'accuracy', min: 0.95, seed: 1, value: 0.9, pass: false, seconds: 1 },
    ]);
    expect(summaries.map((x) => x.preset)).toEqual(['mnist-mlp', 'names-transformer']); // iris ran once
    const [s, n] = summaries;
    expect(s).toMatchObject({
      preset: 'mnist-mlp',
      seeds: [1, 2, 3, 4, 5],
      min: 0.9742,
      max: 0.9779,
      passed: 4,
      pass: true,
    });
    expect(s.mean).toBeCloseTo(0.97668, 6);
    expect(s.sd).toBeCloseTo(0.00149, 4);
    expect(n).toMatchObject({ preset: 'names-transformer', passed: 1, pass: false }); // mean loss 2.15 > 2.1
    expect(formatSeedSummary(s)).toBe(
      'mnist-mlp over seeds 1, 2, 3, 4, 5: mean 97.67% ± 0.15 points (97.42% to 97.79%), 4 of 5 runs met the target alone; the mean meets ≥ 97.5%',
    );
    expect(formatSeedSummary(n)).toMatch(/mean 2\.150 ± 0\.212 \(2\.000 to 2\.300\).*the mean misses ≤ 2\.1$/);
  });

  test('the verdict: a mean that meets passes despite one low seed; a failed run or a missed single run fails', () => {
    const mlp = { preset: 'mnist-mlp', epochs: 5, metric: 'accuracy' as const, min: 0.975, seconds: 1 };
    const seeds = [0.9742, 0.9779, 0.9778].map((value, i) => ({ ...mlp, seed: i + 1, value, pass: value >= 0.975 }));
    const iris = { preset: 'iris', epochs: 100, metric: 'accuracy' as const, min: 0.95, seconds: 1, seed: 1 };
    expect(verdict([...seeds, { ...iris, value: 0.9667, pass: true }])).toBe(true);
    expect(verdict([...seeds, { ...mlp, seed: 4, value: NaN, pass: false }])).toBe(false);
    expect(verdict([...seeds, { ...iris, value: 0.9, pass: false }])).toBe(false);
    expect(verdict(seeds.map((r) => ({ ...r, value: r.value - 0.003, pass: false })))).toBe(false); // mean 97.40%
    expect(verdict([seeds[0]])).toBe(false); // seed 1 alone misses
  });

  test("a new result replaces only its own preset's row, in the order of the targets", () => {
    const old = [
      { preset: 'iris', value: 0.9 },
      { preset: 'mnist-mlp', value: 0.97 },
    ];
    expect(
      mergeRows(old, [
        { preset: 'mnist-mlp', value: 0.98 },
        { preset: 'lenet5', value: 0.99 },
      ]),
    ).toEqual([
      { preset: 'mnist-mlp', value: 0.98 },
      { preset: 'lenet5', value: 0.99 },
      { preset: 'iris', value: 0.9 },
    ]);
  });

  test("command-line options become the worker's run options", () => {
    expect(
      runOptions({
        preset: 'iris',
        epochs: '3',
        'val-split': '0',
        schedule: 'cosine',
        warmup: '10',
        clip: '1',
        'weight-decay': '0.01',
        patience: '2',
      }),
    ).toEqual({
      presetId: 'iris',
      epochs: 3,
      validationSplit: 0,
      schedule: { kind: 'cosine', warmupSteps: 10 },
      clipNorm: 1,
      weightDecay: 0.01,
      patience: 2,
    });
    expect(runOptions({ preset: 'xor', schedule: 'step', 'step-every': '50' }).schedule).toEqual({
      kind: 'step',
      every: 50,
      gamma: 0.5,
    });
    expect(runOptions({ preset: 'xor', warmup: '5' })).toEqual({ presetId: 'xor', warmupSteps: 5 }); // kept apart: the preset's schedule stays
    expect(runOptions({ preset: 'xor' })).toEqual({ presetId: 'xor' });
    expect(() => runOptions({ preset: 'xor', epochs: 'abc' })).toThrow('--epochs needs a number (it is "abc").');
    expect(() => runOptions({ preset: 'xor', 'step-every': '10' })).toThrow('--step-every belongs to --schedule step');
  });

  test(
    'the headless runner trains a preset and returns metrics and a safetensors checkpoint',
    { timeout: 240_000 },
    async () => {
      const r = await train(
        { preset: 'xor', epochs: 12, limit: 256, seed: 3, 'test-limit': 100, 'val-split': 0, schedule: 'cosine' },
        { quiet: true },
      );
      expect(r.evaluation.count).toBe(100);
      expect(r.epochs).toHaveLength(12);
      expect(r.epochs.every((e) => e.valLoss === null)).toBe(true); // --val-split 0 reached the worker
      expect(r.evaluation.report!.accuracy).toBeGreaterThan(0.6);
      const headerLength = Number(r.checkpoint.readBigUInt64LE(0));
      const header = JSON.parse(r.checkpoint.subarray(8, 8 + headerLength).toString('utf8'));
      expect(JSON.parse(header.__metadata__['studio.model_spec']).layers.length).toBeGreaterThan(0);
      await expect(train({ preset: 'xor', epochs: 1, 'val-split': 0.9 }, { quiet: true })).rejects.toThrow(
        /validation split must be a number from 0 to 0\.5 \(it is 0\.9\)/,
      );
    },
  );

  test(
    'a paused run continues from its checkpoint in a kept profile and ends on the same curve',
    { timeout: 300_000 },
    async () => {
      const profile = mkdtempSync(join(tmpdir(), 'studio-profile-'));
      try {
        const base = { preset: 'xor', epochs: 3, limit: 128, seed: 5, 'test-limit': 50, 'val-split': 0 };
        const whole = await train(base, { quiet: true });
        const first = await train({ ...base, profile, 'pause-at-step': 5 }, { quiet: true });
        expect(first.paused).toBe(true);
        expect(first.run.globalStep).toBeGreaterThanOrEqual(5);
        expect(first.run.globalStep).toBeLessThan(12); // 128 samples / 32 per batch × 3 epochs
        const second = await train({ ...base, profile, resume: 'true' }, { quiet: true });
        expect(second.resumed).toBe(true);
        expect(second.run.globalStep).toBe(12);
        expect(second.epochs).toHaveLength(3);
        second.epochs.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(whole.epochs[i].trainLoss, 5));
        expect(second.evaluation.loss).toBeCloseTo(whole.evaluation.loss, 5);
        expect(second.trainSeconds).toBeGreaterThan(0);
        await expect(train({ ...base, resume: 'true' }, { quiet: true })).rejects.toThrow(
          /--resume needs --profile DIR/,
        );
        await expect(train({ ...base, 'time-limit': 60 }, { quiet: true })).rejects.toThrow(
          /--time-limit and --pause-at-step need --profile DIR/,
        );
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  );
});
