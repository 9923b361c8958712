// The typed API of the training worker (presets, runs, the training loop and its checkpoints) and the events it
// sends. Everything here crosses the worker boundary (Comlink): plain data, with large arrays transferred.
import type { ModelSpec, PresetTraining, TrainEvent } from '../engine/index.ts';
import type { RunChoices, SettingRanges } from '../engine/train/run-setup.ts';
import type { RunPhase } from '../engine/train/run-state.ts';
import type { SpecCheck } from '../engine/nn/spec-check.ts';
import type { Proposal } from '../engine/nn/proposals.ts';
import type { DatasetShape } from '../engine/nn/spec-fit.ts';
import type { DatasetProgress } from '../storage/dataset-loader.ts';
import type { RunDetails } from '../storage/run-details.ts';

export type { DatasetShape, RunDetails, RunPhase, SettingRanges, SpecCheck };

export interface PresetInfo {
  id: string;
  title: string;
  description: string;
  dataset: string;
  params: number;
  spec: ModelSpec;
  /** The preset's training defaults (the Train view starts from them). */
  training: PresetTraining;
}

/** A model the studio proposes for a dataset (editable like a preset), with its parameter count. */
export interface ProposalInfo extends Proposal {
  params: number;
}

/** A dataset's description (what a model must match) and the models proposed for it. */
export interface DatasetProposals {
  dataset: DatasetShape;
  proposals: ProposalInfo[];
}

/** The layer fields whose values are fixed choices (the editor shows them as menus) and the true/false ones. */
export interface FieldChoices {
  fields: Readonly<Record<string, readonly string[]>>;
  booleans: readonly string[];
  /** By layer type: optional fields shown even when absent, with the value their absence means. */
  optional: Readonly<Record<string, Readonly<Record<string, string | boolean>>>>;
}

/** A new run: what it trains (a preset, or a model and a dataset) and its training choices. */
export interface RunOptions extends RunChoices {
  /** A preset (its model, dataset and training defaults). Leave it out to train `spec` on `datasetId`. */
  presetId?: string;
  /** Train on this dataset (an imported one, say) instead of the preset's; required without a preset. */
  datasetId?: string;
  /** Train this (edited) model instead of the preset's own; it must fit the dataset. Required without a preset. */
  spec?: ModelSpec;
}

/** Whether a run with this status can still continue training (an interrupted one from its last checkpoint). */
export const canContinue = (status: string): boolean =>
  status === 'created' || status === 'running' || status === 'paused' || status === 'interrupted';

/**
 * Whether a model writes text a character at a time (integer tokens, a vocabulary of single characters), so samples can
 * be drawn from it.
 */
export const isCharacterModel = (
  inputDtype: string | undefined,
  vocabulary: readonly string[] | null | undefined,
): boolean => inputDtype === 'i32' && (vocabulary?.every((w) => w.length === 1) ?? false);

export interface RunInfo {
  id: string;
  name: string;
  presetId: string | null;
  datasetId: string;
  /** `interrupted`: left created or running by a closed tab or a crash; nothing trains it now. */
  status: 'created' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed' | 'interrupted';
  /** Global step of the run's stored checkpoint, or null when it has none (nothing to resume from or export). */
  checkpointStep: number | null;
  epochs: number;
  globalStep: number;
  stepsPerEpoch: number;
  createdAt: number;
  /** Export formats this run's model cannot be written in, each with the sentence that says why (naming the layer). */
  exportProblems: Partial<Record<ExportFormat, string>>;
  /** Where an imported model came from, and the class names it brought (absent for the studio's own runs). */
  importedFrom?: 'tfjs-layers';
  labels?: string[] | null;
}

/** A file chosen for a model import: its name (weight shards are found by it) and its bytes. */
export interface ModelFileData {
  name: string;
  bytes: ArrayBuffer;
}

/** Stages of a model import, reported in order. */
export type ImportStage = 'reading' | 'converting' | 'checking' | 'storing';

/** Everything the training worker reports while it works. */
export type WorkerEvent =
  | TrainEvent
  | { kind: 'status'; runId: string; status: RunInfo['status'] }
  | DatasetProgress
  | { kind: 'checkpoint'; runId: string; globalStep: number }
  /** Before the first step of a start: loading the dataset and the model, then compiling for the first step. */
  | { kind: 'phase'; runId: string; phase: 'loading' | 'compiling' }
  | { kind: 'error'; message: string }
  | { kind: 'import'; stage: ImportStage };

/**
 * The formats a run exports to: the studio's .safetensors, ONNX (opset 17), a TF.js layers model (zipped), or a
 * PyTorch project with its dataset (zipped: model.py, weights, train.py for torchrun, data.py and data/).
 */
export type ExportFormat = 'safetensors' | 'onnx' | 'tfjs' | 'pytorch';

/** A checkpoint exported as a file (src/storage/model-export.ts names the file and encodes it). */
export interface CheckpointExport {
  bytes: Uint8Array;
  fileName: string;
  /** The MIME type of the download. */
  mime: string;
  /** The global step the checkpoint was saved at. */
  step: number;
}

export interface TrainingApi {
  presets(): Promise<PresetInfo[]>;
  /** The allowed range of each numeric training setting (what createRun checks; the form's min and max). */
  settingRanges(): Promise<SettingRanges>;
  listRuns(): Promise<RunInfo[]>;
  /** Checks the options, the model and its fit to the dataset, then stores a new run (nothing trains yet). */
  createRun(options: RunOptions, onEvent?: (e: WorkerEvent) => void): Promise<RunInfo>;
  /**
   * Imports a TensorFlow.js layers model (model.json, its .bin shards, optionally Teachable Machine's metadata.json)
   * as a paused run on `options.datasetId` whose first checkpoint holds the imported weights: ready to evaluate, to
   * use in the Playground, or to train further. Refused, with nothing stored, when a file is missing or damaged, a
   * layer cannot be run exactly, or the model does not fit the dataset.
   */
  importTfjs(files: ModelFileData[], options: RunOptions, onEvent?: (e: WorkerEvent) => void): Promise<RunInfo>;
  /** Trains until finished, paused or stopped; resumes from the run's last checkpoint. */
  start(runId: string, onEvent: (e: WorkerEvent) => void): Promise<RunInfo>;
  /** One training step on a paused or new run. */
  singleStep(runId: string, onEvent: (e: WorkerEvent) => void): Promise<RunInfo>;
  /** Pauses the training run after its current step (or before its first, while it is still loading). */
  pause(): Promise<void>;
  /**
   * Stops the training run after its current step; with nothing training, marks run `runId` stopped (a paused or
   * interrupted run), so it cannot be resumed.
   */
  stop(runId?: string): Promise<void>;
  /** Where the worker's run state machine is (idle, starting, running, pausing…). */
  phase(): Promise<RunPhase>;
  /**
   * Validates a model spec and infers its shapes (for the layer editor); with `datasetId`, also checks that it fits
   * that dataset (input, classes or targets, embedding range), naming the layer to change.
   */
  checkSpec(spec: ModelSpec, datasetId?: string, batchSize?: number): Promise<SpecCheck>;
  /** Describes a dataset and proposes models for it (an embedded set is copied into this browser first). */
  proposals(datasetId: string, onEvent?: (e: WorkerEvent) => void): Promise<DatasetProposals>;
  /** The choices of the layer editor's enumerated fields (activation, padding, …). */
  fieldChoices(): Promise<FieldChoices>;
  /** A run's stored curves and settings. */
  runDetails(runId: string): Promise<RunDetails>;
  /**
   * The run's latest checkpoint as a file (.safetensors unless `format` says otherwise), named after the model, the
   * run and the step. A model with no form in that format is refused with an UnsupportedModelError naming the layer.
   */
  exportCheckpoint(runId: string, format?: ExportFormat): Promise<CheckpointExport>;
  /** Deletes a run and its checkpoint in one transaction (refused while it trains). */
  deleteRun(runId: string): Promise<void>;
  /**
   * Starts a run again from step 0 with the same settings (its checkpoint and curves removed in one transaction):
   * the way out for a run whose only checkpoint is damaged or was cleared by the browser. Refused while it trains.
   */
  restartRun(runId: string): Promise<RunInfo>;
  /** Test hook (shown with ?debug=1): destroys the GPU device, as a driver reset would. */
  loseDeviceForTesting(): Promise<void>;
}
