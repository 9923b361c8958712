// The acceptance script's judging and table, and the headless runner's command-line options. The real headless
// runs (Vite and Chromium) are e2e/headless-train.spec.ts: nothing named *.node.test.ts starts a browser.
import { describe, expect, test } from 'vitest';
import { formatTable, judge, mergeRows, TARGETS } from './acceptance.mjs';
import { formatSeedSummary, seedSummaries, verdict } from './acceptance-targets.mjs';
import { runOptions } from './train.mjs';

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
});
