// The typed API of the trainer worker and the events it sends. Everything here crosses the worker boundary
// (Comlink): plain data, with large arrays transferred.
import type { ClassificationReport, ModelSpec, TrainConfig, TrainEvent } from '../engine/index.ts';

export interface PresetInfo {
  id: string;
  title: string;
  description: string;
  dataset: string;
  params: number;
  spec: ModelSpec;
}

export interface RunOptions {
  presetId: string;
  /** Defaults come from the preset. */
  epochs?: number;
  batchSize?: number;
  lr?: number;
  optimizer?: TrainConfig['optimizer']['kind'];
  seed?: number;
  /** Train on the first `limit` training samples only (quick runs, CI). */
  limit?: number;
  /** Evaluate on the first `testLimit` test samples. */
  testLimit?: number;
  /** Save a checkpoint every this many steps (and at each epoch's end). */
  checkpointEvery?: number;
}

export interface RunInfo {
  id: string;
  name: string;
  presetId: string | null;
  datasetId: string;
  status: 'created' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';
  epochs: number;
  globalStep: number;
  stepsPerEpoch: number;
  createdAt: number;
}

export interface EvalResult {
  loss: number;
  /** Classification report, or null for regression. */
  report: ClassificationReport | null;
  /** exp(loss) for language models. */
  perplexity: number | null;
  count: number;
}

/** Everything the worker reports while it works. */
export type WorkerEvent =
  | TrainEvent
  | { kind: 'status'; runId: string; status: RunInfo['status'] }
  | { kind: 'dataset'; id: string; loaded: number; total: number; stage: 'download' | 'store' | 'ready' }
  | { kind: 'checkpoint'; runId: string; globalStep: number }
  | { kind: 'error'; message: string };

export interface TrainerApi {
  presets(): Promise<PresetInfo[]>;
  listRuns(): Promise<RunInfo[]>;
  createRun(options: RunOptions, onEvent?: (e: WorkerEvent) => void): Promise<RunInfo>;
  /** Trains until finished, paused or stopped; resumes from the run's last checkpoint. */
  start(runId: string, onEvent: (e: WorkerEvent) => void): Promise<RunInfo>;
  pause(): Promise<void>;
  stop(): Promise<void>;
  /** One training step on a paused or new run. */
  singleStep(runId: string, onEvent: (e: WorkerEvent) => void): Promise<RunInfo>;
  evaluate(runId: string): Promise<EvalResult>;
  /** Probabilities (or outputs) for `count` samples of the run's input shape. */
  predict(runId: string, input: Float32Array | Int32Array, count: number): Promise<Float32Array>;
  /** The run's latest checkpoint as .safetensors bytes. */
  exportCheckpoint(runId: string): Promise<Uint8Array>;
}
