// A new run's training configuration: the run's choices override the preset's, every value is range-checked
// with a message that names the setting, and each preset's own defaults pass the same checks.
import { describe, expect, test } from 'vitest';
import { PRESETS } from '../nn/presets.ts';
import { runLimits, SETTING_RANGES, trainConfig } from './run-setup.ts';

const mlp = PRESETS.find((p) => p.id === 'mnist-mlp')!.training;
const names = PRESETS.find((p) => p.id === 'names-transformer')!.training;

describe('trainConfig', () => {
  test('the preset supplies what the run leaves out', () => {
    const c = trainConfig({}, mlp, -100);
    expect(c).toMatchObject({
      epochs: 5,
      batchSize: 32,
      optimizer: { kind: 'adam', lr: 1e-3 },
      validationSplit: 0.1,
      seed: 1,
      ignoreIndex: -100,
    });
    expect(c.schedule).toBeUndefined();
    expect(c.earlyStopping).toBeUndefined();
    expect(c.clipNorm).toBeUndefined();
    expect(trainConfig({}, names, -1)).toMatchObject({ clipNorm: 1, optimizer: { kind: 'adamw' }, ignoreIndex: -1 });
  });

  test("the run's choices win, and 0 turns clipping and early stopping off", () => {
    const c = trainConfig(
      {
        epochs: 2,
        lr: 0.01,
        optimizer: 'nesterov',
        schedule: { kind: 'step', every: 10, gamma: 0.5, warmupSteps: 3 },
        weightDecay: 1e-4,
        clipNorm: 0,
        validationSplit: 0.2,
        patience: 3,
        seed: 9,
      },
      names,
      -1,
    );
    expect(c).toMatchObject({
      epochs: 2,
      optimizer: { kind: 'nesterov', lr: 0.01, weightDecay: 1e-4 },
      schedule: { kind: 'step', every: 10, gamma: 0.5, warmupSteps: 3 },
      validationSplit: 0.2,
      earlyStopping: { patience: 3 },
      seed: 9,
    });
    expect(c.clipNorm).toBeUndefined();
    expect(trainConfig({ validationSplit: 0 }, mlp, -100).validationSplit).toBe(0);
  });

  test('out-of-range settings are refused with the setting named', () => {
    const bad: [Parameters<typeof trainConfig>[0], RegExp][] = [
      [{ epochs: 0 }, /^Epochs must be a whole number from 1 to 100000 \(it is 0\)/],
      [{ epochs: 2.5 }, /^Epochs must be a whole number/],
      [{ batchSize: Number.NaN }, /^Batch size must be a whole number from 1 to 65536 \(it is NaN\)/],
      [{ lr: -1 }, /^The learning rate must be a number from 0 up \(it is -1\)/],
      [{ lr: Number.POSITIVE_INFINITY }, /^The learning rate must be a number from 0 up \(it is Infinity\)/],
      [
        { optimizer: 'rmsprop' as never },
        /^The optimizer must be one of sgd, momentum, nesterov, adam, adamw \(it is "rmsprop"\)/,
      ],
      [{ weightDecay: 2 }, /^Weight decay must be a number from 0 to 1/],
      [{ clipNorm: -1 }, /^Gradient clipping \(the largest gradient norm\) must be a number from 0 up/],
      [{ validationSplit: 0.6 }, /^The validation split must be a number from 0 to 0\.5 \(it is 0\.6\)/],
      [{ patience: -1 }, /^Early-stopping patience must be a whole number/],
      [
        { patience: 2, validationSplit: 0 },
        /^Early stopping watches the validation loss, so it needs a validation split above 0/,
      ],
      [
        { schedule: { kind: 'linear' } as never },
        /^The learning-rate schedule must be one of constant, step, cosine \(it is "linear"\)/,
      ],
      [
        { schedule: { kind: 'constant', warmupSteps: -2 } },
        /^Warm-up steps must be a whole number from 0 up \(it is -2\)/,
      ],
      [
        { schedule: { kind: 'step', every: 0, gamma: 0.5 } },
        /^The step schedule's "every" \(steps between decays\) must be a whole number from 1/,
      ],
      [
        { schedule: { kind: 'step', every: 5, gamma: 1.5 } },
        /^The step schedule's decay factor must be a number from 0 to 1/,
      ],
      [
        { schedule: { kind: 'cosine', minLr: 1 } },
        /^The cosine schedule's final learning rate must be a number from 0 to 0\.001/,
      ],
    ];
    for (const [o, message] of bad) expect(() => trainConfig(o, mlp, -100), JSON.stringify(o)).toThrow(message);
  });

  test('the ranges the form shows (SETTING_RANGES) are exactly the ones checked: the ends pass, one past them fails', () => {
    const R = SETTING_RANGES;
    const cases: [string, (v: number) => object, { min: number; max: number }, number][] = [
      ['Epochs', (v) => ({ epochs: v }), R.epochs, 1],
      ['Batch size', (v) => ({ batchSize: v }), R.batchSize, 1],
      ['Early-stopping patience', (v) => ({ patience: v, validationSplit: 0.1 }), R.patience, 1],
      ['The seed', (v) => ({ seed: v }), R.seed, 1],
      ['The validation split', (v) => ({ validationSplit: v }), R.validationSplit, 0.01],
      ['Weight decay', (v) => ({ weightDecay: v }), R.weightDecay, 0.01],
    ];
    for (const [name, o, { min, max }, step] of cases) {
      expect(() => trainConfig(o(min) as never, mlp, -100), name).not.toThrow();
      expect(() => trainConfig(o(max) as never, mlp, -100), name).not.toThrow();
      for (const v of [min - step, max + step])
        expect(() => trainConfig(o(v) as never, mlp, -100), `${name} ${v}`).toThrow(`${name} must be a`);
      expect(() => trainConfig(o(max + step) as never, mlp, -100)).toThrow(`from ${min} to ${max} (it is`);
    }
    expect(R.batchSize).toEqual({ min: 1, max: 65_536 });
  });

  test('an emptied form field (null) is named, not replaced by the default', () => {
    const empty = (o: object) => () => trainConfig(o as never, mlp, -100);
    expect(empty({ epochs: null })).toThrow('Epochs is empty: enter a number.');
    expect(empty({ lr: null })).toThrow('The learning rate is empty: enter a number.');
    expect(empty({ validationSplit: null })).toThrow('The validation split is empty: enter a number.');
    expect(empty({ clipNorm: null })).toThrow('Gradient clipping is empty: enter a number.');
  });

  test("a warm-up on its own is added to the preset's schedule", () => {
    expect(
      trainConfig({ warmupSteps: 100 }, { ...mlp, schedule: { kind: 'cosine', minLr: 1e-5 } }, -100).schedule,
    ).toEqual({ kind: 'cosine', minLr: 1e-5, warmupSteps: 100 });
    expect(trainConfig({ warmupSteps: 10 }, names, -1).schedule).toEqual({ kind: 'constant', warmupSteps: 10 });
    expect(() => trainConfig({ warmupSteps: 1.5 }, mlp, -100)).toThrow(/^Warm-up steps must be a whole number/);
  });

  test('subsets and the checkpoint interval are checked too', () => {
    expect(runLimits({})).toEqual({ limit: null, testLimit: null, checkpointEvery: 200 });
    expect(runLimits({ limit: 0, testLimit: 50, checkpointEvery: 10 })).toEqual({
      limit: null,
      testLimit: 50,
      checkpointEvery: 10,
    });
    expect(() => runLimits({ checkpointEvery: 0 })).toThrow(
      /^Checkpoint every \(steps\) must be a whole number from 1 up \(it is 0\)/,
    );
    expect(() => runLimits({ limit: -5 })).toThrow(/^Training samples must be a whole number from 0 up/);
    expect(() => runLimits({ testLimit: 2.5 })).toThrow(/^Test samples must be a whole number/);
  });

  test("every preset's defaults pass the checks", () => {
    for (const p of PRESETS) expect(() => trainConfig({}, p.training, -100), p.id).not.toThrow();
  });
});
