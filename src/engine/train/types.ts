// What the training loop consumes and emits. Datasets arrive as plain typed arrays (built by src/data),
// so the engine never depends on how they were loaded.
import type { Schedule } from './schedules.ts';

/**
 * N samples with per-sample shapes; y holds class indices (i32) or regression targets (f32). Pixel data
 * stays as bytes (u8, 4× smaller in memory: 47 MB instead of 188 MB for MNIST's training set) and is
 * scaled by `xScale` to f32 only when a batch is gathered.
 */
export interface ArrayDataset {
  x: Float32Array | Int32Array | Uint8Array;
  /** Multiplier turning u8 features into f32 (1 / 255 for pixels); ignored for f32 and i32 features. */
  xScale?: number;
  xShape: number[];
  y: Int32Array | Float32Array;
  yShape: number[];
  count: number;
  /** Number of classes for classification sets. */
  classes?: number;
}

export interface OptimizerConfig {
  kind: 'sgd' | 'momentum' | 'nesterov' | 'adam' | 'adamw';
  lr: number;
  momentum?: number;
  weightDecay?: number;
}

export interface TrainConfig {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  schedule?: Schedule;
  loss: 'softmaxCrossEntropy' | 'mse' | 'bceWithLogits';
  labelSmoothing?: number;
  /** Labels equal to this are ignored by cross-entropy (padding in sequences). */
  ignoreIndex?: number;
  /** Clip gradients to this global norm. */
  clipNorm?: number;
  /**
   * Fraction of the training samples held out for validation (a seeded split made when the run is loaded,
   * so a resumed run validates on the same samples). Read by the worker; 0.1 when absent.
   */
  validationSplit?: number;
  /** Stop when the validation loss has not improved by minDelta for `patience` epochs. */
  earlyStopping?: { patience: number; minDelta?: number };
  /** Shuffling and dropout seed: the same seed on the same device gives the same curve. */
  seed: number;
  /** Emit a step event at most this often (ms); the final step of an epoch is always reported. */
  reportEveryMs?: number;
}

export type TrainEvent =
  | {
      kind: 'step';
      epoch: number;
      step: number;
      globalStep: number;
      stepsPerEpoch: number;
      loss: number;
      /**
       * Training accuracy of this step's batch (classification; null otherwise). Absent in histories stored before
       * it was reported.
       */
      accuracy?: number | null;
      lr: number;
      samplesPerSecond: number;
    }
  | {
      kind: 'epoch';
      epoch: number;
      trainLoss: number;
      trainAccuracy: number | null;
      valLoss: number | null;
      valAccuracy: number | null;
      seconds: number;
    }
  | { kind: 'done'; reason: 'finished' | 'early-stopped' | 'stopped'; epochs: number };

/** Where training stands, enough to resume exactly (with the parameters and optimizer state). */
export interface TrainPosition {
  epoch: number;
  /** Next batch within the epoch. */
  batch: number;
  globalStep: number;
  bestValLoss: number | null;
  epochsWithoutImprovement: number;
  /** Running sums of the current epoch, so a resumed epoch reports the same mean. */
  epochLossSum: number;
  epochCorrect: number;
  epochSeen: number;
  /**
   * Labels scored this epoch, the denominator of training accuracy: one per sample for a class label, one per
   * non-ignored position for a sequence of labels. Absent in checkpoints written before it existed
   * (then `epochSeen` stands in).
   */
  epochScored?: number;
  /** Seconds spent training the current epoch up to this position (so a resumed epoch reports its whole time). */
  epochSeconds?: number;
}
