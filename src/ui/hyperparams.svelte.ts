// The Train view's settings for the next run: they start from the chosen preset's or proposal's training defaults, the
// learner edits them, and `runOptions` turns them into what the trainer worker's createRun takes (the worker
// checks every value and names the one that is out of range).
import type { PresetTraining } from '../engine/index.ts';
import type { RunOptions, SettingRanges } from '../protocol/training.ts';
import { SETTING_KEYS, type SettingKey } from './share-link.ts';

export type Optimizer = 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';
export type ScheduleKind = 'constant' | 'step' | 'cosine';

export class Hyperparams {
  /**
   * The worker's ranges of the numeric settings (the same ones it checks), for the inputs' min and max; null until
   * the worker has answered.
   */
  ranges = $state.raw<SettingRanges | null>(null);
  epochs = $state(1);
  batchSize = $state(64);
  lr = $state(0.001);
  optimizer = $state<Optimizer>('adam');
  schedule = $state<ScheduleKind>('constant');
  /** Linear warm-up from lr / warmupSteps to lr over the first steps. */
  warmupSteps = $state(0);
  /** Step schedule: multiply the rate by `stepGamma` every `stepEvery` steps. */
  stepEvery = $state(500);
  stepGamma = $state(0.5);
  weightDecay = $state(0);
  /** Largest global gradient norm; 0 = no clipping. */
  clipNorm = $state(0);
  /** Percent of the training samples held out for validation. */
  validationPercent = $state(10);
  /** Epochs without a better validation loss before stopping; 0 = never stop early. */
  patience = $state(0);
  limit = $state(0);
  testLimit = $state(0);
  checkpointEvery = $state(50);
  seed = $state(1);
  /** Settings a link hid or locked (a teacher's setup): the Train view leaves them out or read-only. */
  hidden = $state<SettingKey[]>([]);
  locked = $state<SettingKey[]>([]);

  /** Sets the named settings (a link's, already checked by decodeSetup); the rest keep their values. */
  apply(settings: Partial<Record<SettingKey, number | string>>): void {
    for (const [k, v] of Object.entries(settings)) (this as unknown as Record<string, unknown>)[k] = v;
  }

  /** Every setting a link can carry, with its value now. */
  settings(): Record<SettingKey, number | string> {
    const self = this as unknown as Record<SettingKey, number | string>;
    return Object.fromEntries(SETTING_KEYS.map((k) => [k, self[k]])) as Record<SettingKey, number | string>;
  }

  /**
   * An attachment for a setting's input or select: marks it with `data-setting`, makes it read-only while locked and
   * hides its field while hidden (re-run whenever the lists change).
   */
  control(key: SettingKey) {
    return (el: HTMLInputElement | HTMLSelectElement) => {
      const locked = this.locked.includes(key);
      el.dataset.setting = key;
      el.disabled = locked;
      if (locked) el.title = 'Locked by the link this studio was opened with';
      else el.removeAttribute('title');
      const box = (el.closest('label') ?? el.closest('.field')) as HTMLElement | null;
      if (box) box.style.display = this.hidden.includes(key) ? 'none' : '';
    };
  }

  /**
   * Starts from a preset's or a proposal's training defaults, epochs included: a preset's card says what exactly
   * these settings reach (measured), so a learner who presses Start gets what the card promises.
   */
  fromTraining(t: PresetTraining): void {
    this.epochs = t.epochs;
    this.batchSize = t.batchSize;
    this.lr = t.lr;
    this.optimizer = t.optimizer;
    this.schedule = t.schedule?.kind ?? 'constant';
    this.warmupSteps = t.schedule?.warmupSteps ?? 0;
    if (t.schedule?.kind === 'step') {
      this.stepEvery = t.schedule.every;
      this.stepGamma = t.schedule.gamma;
    }
    this.weightDecay = t.weightDecay ?? (t.optimizer === 'adamw' ? 0.01 : 0);
    this.clipNorm = t.clipNorm ?? 0;
  }

  /** The options of a new run (everything but the model and the preset). */
  runOptions(): RunOptions {
    const warmupSteps = this.warmupSteps || undefined;
    // An emptied number field is null at run time: pass it on as null so the worker names the setting.
    const percent = this.validationPercent as number | null;
    return {
      epochs: this.epochs,
      batchSize: this.batchSize,
      lr: this.lr,
      optimizer: this.optimizer,
      seed: this.seed,
      schedule:
        this.schedule === 'step'
          ? { kind: 'step', every: this.stepEvery, gamma: this.stepGamma, warmupSteps }
          : { kind: this.schedule, warmupSteps },
      weightDecay: this.weightDecay,
      clipNorm: this.clipNorm,
      validationSplit: percent === null ? (null as unknown as number) : percent / 100,
      patience: this.patience,
      limit: this.limit || undefined,
      testLimit: this.testLimit || undefined,
      checkpointEvery: this.checkpointEvery,
    };
  }
}
