// The one-line summary of a run's training settings.
import { expect, test } from 'vitest';
import { describeModel, describeSettings } from './run-settings.ts';

test('a run is described by its optimizer, schedule, batch and regularisation', () => {
  const base = { epochs: 1, batchSize: 64, loss: 'softmaxCrossEntropy' as const, seed: 1 };
  expect(describeSettings({ ...base, optimizer: { kind: 'adam', lr: 0.001 }, schedule: { kind: 'cosine' } })).toBe(
    'Adam, learning rate 0.001 with cosine decay, batch 64, 10% validation',
  );
  expect(
    describeSettings({
      ...base,
      optimizer: { kind: 'adamw', lr: 0.003 },
      clipNorm: 1,
      validationSplit: 0.2,
      earlyStopping: { patience: 3 },
    }),
  ).toBe('AdamW, learning rate 0.003, batch 64, weight decay 0.01, clip 1, 20% validation, early stop after 3');
  expect(
    describeSettings({
      ...base,
      optimizer: { kind: 'momentum', lr: 0.1, weightDecay: 5e-4 },
      schedule: { kind: 'step', every: 100, gamma: 0.5, warmupSteps: 10 },
      validationSplit: 0,
    }),
  ).toBe(
    'SGD with momentum, learning rate 0.1 × 0.5 every 100 steps after 10 warm-up steps, batch 64, weight decay 0.0005, no validation',
  );
});

test("a run is named by its own model, not by the editor's: the details of another run are not used", () => {
  const presets = [
    { id: 'iris', title: 'Iris MLP' },
    { id: 'cars-mpg', title: 'Fuel economy regression' },
  ];
  const run = { id: 'r1', presetId: 'cars-mpg', datasetId: 'cars' };
  expect(describeModel(run, { id: 'r1', spec: { name: 'MPG regression' } }, presets)).toBe(
    'MPG regression (from the preset “Fuel economy regression”) on cars',
  );
  // Details still of the previously shown run: fall back to the run's own preset.
  expect(describeModel(run, { id: 'r0', spec: { name: 'Iris MLP' } }, presets)).toBe('Fuel economy regression on cars');
  expect(describeModel({ ...run, presetId: null }, null, presets)).toBe('a model on cars');
});
