// Which runs can be compared, the settings rows in which they differ, and their final numbers.
import { expect, test } from 'vitest';
import type { ModelSpec, TrainConfig, TrainEvent } from '../engine/index.ts';
import { compatibility, finalMetrics, offeredRuns, runMetric, settingsDiff, type RunSettings } from './compare-runs.ts';

const run = (id: string, datasetId: string, loss: TrainConfig['loss'] | null = 'softmaxCrossEntropy') => ({
  id,
  name: `run ${id}`,
  datasetId,
  loss,
});

test('runs on another dataset or with another metric are refused, with the reason', () => {
  expect(compatibility(run('a', 'xor'), run('b', 'xor'))).toEqual({ ok: true });
  const other = compatibility(run('a', 'xor'), run('b', 'mnist'));
  expect(other.ok).toBe(false);
  if (!other.ok) expect(other.why).toContain('trained on mnist, not xor');
  const metric = compatibility(run('a', 'csv'), run('b', 'csv', 'mse'));
  expect(metric.ok).toBe(false);
  if (!metric.ok) expect(metric.why).toContain('judged by loss, not accuracy');
  // Details not read yet: the dataset alone decides.
  expect(compatibility(run('a', 'csv', null), run('b', 'csv', 'mse')).ok).toBe(true);
  expect(runMetric('bceWithLogits')).toBe('loss');
});

test('only runs compatible with the first chosen are offered, at most four in all', () => {
  const all = [run('a', 'xor'), run('b', 'xor'), run('c', 'mnist'), run('d', 'xor'), run('e', 'xor'), run('f', 'xor')];
  expect(offeredRuns(all, []).offered.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  const one = offeredRuns(all, ['a']);
  expect(one.offered.map((r) => r.id)).toEqual(['b', 'd', 'e', 'f']);
  expect(one.refused.map((r) => r.run.id)).toEqual(['c']);
  const full = offeredRuns(all, ['a', 'b', 'd', 'e']);
  expect(full.offered).toEqual([]);
  expect(full.refused.find((r) => r.run.id === 'f')?.why).toBe('at most 4 runs are compared at once');
});

const spec = (units: number): ModelSpec => ({
  name: 'XOR MLP',
  input: { shape: [2] },
  layers: [{ type: 'dense', units, activation: 'tanh' } as ModelSpec['layers'][number]],
});
const settings = (patch: Partial<TrainConfig>, units = 8, limit: number | null = null): RunSettings => ({
  spec: spec(units),
  config: {
    epochs: 2,
    batchSize: 32,
    optimizer: { kind: 'adam', lr: 0.03 },
    loss: 'softmaxCrossEntropy',
    seed: 1,
    ...patch,
  },
  limit,
  testLimit: null,
});

test('the settings table lists only the rows that differ', () => {
  expect(settingsDiff([settings({}), settings({})])).toEqual([]);
  const rows = settingsDiff([
    settings({}),
    settings({ optimizer: { kind: 'sgd', lr: 0.1 } }, 16, 256),
    settings({ schedule: { kind: 'step', every: 10, gamma: 0.5 } }),
  ]);
  expect(rows).toEqual([
    { setting: 'optimizer', values: ['adam', 'sgd', 'adam'] },
    { setting: 'learning rate', values: ['0.03', '0.1', '0.03'] },
    { setting: 'schedule', values: ['constant', 'constant', 'step'] },
    { setting: 'training samples', values: ['all', '256', 'all'] },
    {
      setting: 'layer 1',
      values: ['dense units=8 activation=tanh', 'dense units=16 activation=tanh', 'dense units=8 activation=tanh'],
    },
    { setting: 'decay', values: ['—', '—', '×0.5 every 10 steps'] },
  ]);
});

test('final metrics are the last step loss and the last epoch validation numbers', () => {
  const step = (globalStep: number, loss: number): TrainEvent => ({
    kind: 'step',
    epoch: 0,
    step: globalStep,
    globalStep,
    stepsPerEpoch: 4,
    loss,
    lr: 0.1,
    samplesPerSecond: 1,
  });
  const epoch = (valLoss: number | null, valAccuracy: number | null): TrainEvent => ({
    kind: 'epoch',
    epoch: 0,
    trainLoss: 1,
    trainAccuracy: null,
    valLoss,
    valAccuracy,
    seconds: 1,
  });
  expect(finalMetrics([])).toEqual({ steps: 0, trainLoss: null, valLoss: null, valAccuracy: null });
  expect(finalMetrics([step(1, 0.9), epoch(0.8, 0.5), step(2, 0.4), epoch(0.3, 0.75)])).toEqual({
    steps: 2,
    trainLoss: 0.4,
    valLoss: 0.3,
    valAccuracy: 0.75,
  });
});
