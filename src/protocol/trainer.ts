// The typed API of the trainer worker and the events it sends. Everything here crosses the worker boundary
// (Comlink): plain data, with large arrays transferred.
import type {
  ClassificationReport,
  LayerSummary,
  ModelSpec,
  PresetTraining,
  Schedule,
  TrainConfig,
  TrainEvent,
} from '../engine/index.ts';
import type { CsvOptions, CsvPreview } from '../data/importers/csv.ts';
import type { ImportEncoding } from '../data/pack.ts';
export type { CsvPreview, CsvColumnPreview, CsvOptions } from '../data/importers/csv.ts';
export type { TextOptions } from '../data/importers/text.ts';
export type { CifarOptions } from '../data/importers/cifar.ts';
export type { ImageOptions } from '../data/importers/images.ts';
import type { TextOptions } from '../data/importers/text.ts';
import type { CifarOptions } from '../data/importers/cifar.ts';
import type { ImageOptions } from '../data/importers/images.ts';
import type { DatasetExport, ExportProgress } from '../storage/dataset-export.ts';

export type { DatasetExport, ExportProgress };

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

export interface RunOptions {
  /** A preset (its model, dataset and training defaults). Leave it out to train `spec` on `datasetId`. */
  presetId?: string;
  /** Train on this dataset (an imported one, say) instead of the preset's; required without a preset. */
  datasetId?: string;
  /** Defaults come from the preset (or, without one, from the dataset: cross-entropy or mean squared error). */
  epochs?: number;
  batchSize?: number;
  lr?: number;
  optimizer?: TrainConfig['optimizer']['kind'];
  /** Learning-rate schedule, with optional linear warm-up (default: the preset's, else constant). */
  schedule?: Schedule;
  /** Linear warm-up steps added to the schedule (the run's or the preset's), replacing its own. */
  warmupSteps?: number;
  /** Weight decay: decoupled for AdamW (default 0.01), an L2 term for the others (default 0). */
  weightDecay?: number;
  /** Clip the global gradient norm to this value; 0 turns clipping off (default: the preset's). */
  clipNorm?: number;
  /** Fraction of the training samples held out to validate on after each epoch, 0 to 0.5 (default 0.1). */
  validationSplit?: number;
  /** Stop when the validation loss has not improved for this many epochs; 0 never stops early (default). */
  patience?: number;
  seed?: number;
  /** Train on the first `limit` training samples only (quick runs, CI). */
  limit?: number;
  /** Evaluate on the first `testLimit` test samples. */
  testLimit?: number;
  /** Save a checkpoint every this many steps (and at each epoch's end). */
  checkpointEvery?: number;
  /** Train this (edited) model instead of the preset's own; it must fit the dataset. Required without a preset. */
  spec?: ModelSpec;
}

/**
 * A file for an importer. From an <input>, pass `{ name: file.name, data: file }` (no copy is made); for image
 * folders the name must be the folder-relative path, `file.webkitRelativePath` (`pets/cat/001.png`).
 */
export interface ImportFileRef {
  name: string;
  data: Blob | ArrayBuffer | Uint8Array;
}

/** What to import and how (each importer's options are documented in src/data/importers). */
export type ImportSource =
  | { kind: 'csv'; file: ImportFileRef; options: CsvOptions }
  | { kind: 'images'; files: ImportFileRef[]; options: Omit<ImageOptions, 'onProgress'> }
  | { kind: 'text'; file: ImportFileRef; options?: TextOptions }
  | { kind: 'cifar10'; files: ImportFileRef[]; options?: CifarOptions };

export interface ImportRequest {
  /** Shown in the dataset list; also the base of the new dataset's id. */
  title: string;
  description?: string;
  source: ImportSource;
}

/** A stored dataset as the views show it (read from its header, without loading the data). */
export interface DatasetInfo {
  id: string;
  title: string;
  description: string;
  source: 'embedded' | 'imported';
  /** Which importer made it, or null for embedded packs. */
  importer: 'csv' | 'images' | 'text' | 'cifar10' | null;
  task: 'classification' | 'regression' | 'sequence';
  count: number;
  trainCount: number;
  testCount: number;
  bytes: number;
  storedAt: number;
  /** Shape of one sample (no batch dimension) and its dtype: what a model's input must match. */
  xShape: number[];
  xDtype: 'f32' | 'i32';
  yShape: number[];
  /** Classes (or vocabulary size for sequences); 0 for regression. */
  classes: number;
  classNames: string[] | null;
  vocabulary: string[] | null;
  featureNames: string[] | null;
  splitRule: string;
  /**
   * How an imported set was encoded (CSV column means, stds and categories; image size; text mode), to encode new
   * inputs for predict.
   */
  encoding: ImportEncoding | null;
}

/** Progress of an import (its own callback, separate from training events): `done` of `total` at each stage. */
export interface ImportProgress {
  kind: 'import';
  /** read: files being read; decode: images decoded; encode: packing; store: writing to IndexedDB; done. */
  stage: 'read' | 'decode' | 'encode' | 'store' | 'done';
  done: number;
  total: number;
  file?: string;
}

export interface ImportResult {
  dataset: DatasetInfo;
  /** Files or lines that were left out, with the reason (hidden files, non-images, over-long lines). */
  skipped: string[];
}

/** A page of a dataset's samples for the Datasets view's grid, with its split's class counts. */
export interface DatasetSamples {
  /** `count` samples of `xShape` each, row-major: images scaled to 0–1 (H×W×C), token ids as i32. */
  x: Float32Array | Int32Array;
  xShape: number[];
  /** Labels: class ids (i32), regression targets (f32), or next-token ids of `yShape` per sample. */
  y: Int32Array | Float32Array;
  yShape: number[];
  /** Index of the first sample within the split, and how many came back (clamped to the split). */
  offset: number;
  count: number;
  /** Samples in the whole split. */
  total: number;
  /** Samples per class in the whole split, or null for regression and sequence sets. */
  classCounts: number[] | null;
  /** The dataset's header (an embedded set is stored on first use, so this is how the view learns it). */
  dataset: DatasetInfo;
}

/** A spec checked in the worker: every layer's shapes, or the first problem with the field it names. */
export interface SpecCheck {
  ok: boolean;
  layers: LayerSummary[];
  outShape: number[];
  params: number;
  /** Rough bytes to train with Adam at batch 64. */
  trainingBytes: number;
  error: { path: string | null; message: string } | null;
}

/** What the views need to redraw a run after a reload: its curves, spec, settings and label names. */
export interface RunDetails {
  id: string;
  spec: ModelSpec;
  history: TrainEvent[];
  classNames: string[] | null;
  vocabulary: string[] | null;
  limit: number | null;
  testLimit: number | null;
  batchSize: number;
  lr: number;
  optimizer: string;
  /** Everything the run trains with (schedule, clipping, validation split…). */
  config: TrainConfig;
  /** Global step of the last checkpoint, or null if none was saved. */
  checkpointStep: number | null;
}

export interface GenerateOptions {
  count: number;
  /** Below 1 picks likelier letters, above 1 takes more chances. */
  temperature: number;
  seed?: number;
}

/** Feature maps of one conv layer for one image: `channels` maps of height×width, channel-major. */
export interface FeatureMaps {
  layer: number;
  height: number;
  width: number;
  channels: number;
  totalChannels: number;
  maps: Float32Array;
}

/** Attention weights of one layer for one sequence: [heads, length (query), length (key)]. */
export interface AttentionMaps {
  layer: number;
  heads: number;
  length: number;
  weights: Float32Array;
}

/** The first samples of a run's test split (for scatter plots and sample grids). */
export interface Samples {
  x: Float32Array | Int32Array;
  xShape: number[];
  y: Int32Array | Float32Array;
  count: number;
}

/** Class probabilities for typed text, from a word-level text classifier (the SpamAssassin presets). */
export interface TextPrediction {
  /** One probability per class, or null when none of the words is in the model's vocabulary. */
  probabilities: number[] | null;
  classNames: string[];
  /** Words found in the text (runs of 2–20 letters). */
  words: number;
  /** The distinct vocabulary words the model saw, in order of first use. */
  known: string[];
  /** A sequence model reads only its first N known words; true when there were more. */
  truncated: boolean;
  encoding: 'bagOfWords' | 'sequence';
  vocabularySize: number;
}

export interface WeightHistogram {
  name: string;
  shape: number[];
  min: number;
  max: number;
  counts: number[];
  /** L2 norm of all the values. */
  norm?: number;
}

/** Where the gradients of "Inside the model" come from: the first training batch, or one test sample. */
export type GradientSource = { split: 'train' } | { split: 'test'; index: number };

/** Histograms of d(loss)/d(parameter) from one backward pass (no update is applied). */
export interface GradientReport {
  source: GradientSource;
  /** Samples in the batch, and its mean loss. */
  count: number;
  loss: number;
  histograms: WeightHistogram[];
}

/** One test sample of a run (the input that drives feature maps, attention maps and sample gradients). */
export interface TestSample {
  index: number;
  /** Test samples available (the run's test limit, or the whole split). */
  total: number;
  /** Features as the model reads them: 0–1 pixels, standardised numbers, or token ids. */
  x: Float32Array | Int32Array;
  xShape: number[];
  /** The label: a class id, a regression target, or next-token ids. */
  y: Float32Array | Int32Array;
  /** Token samples of a dataset with a vocabulary: the tokens as text (words, or the letters of a name). */
  text: string | null;
}

/** Whether a run with this status can still continue training (a 'running' one was interrupted: the tab closed). */
export const canContinue = (status: string): boolean =>
  status === 'created' || status === 'running' || status === 'paused';

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
  /** Validates a model spec and infers its shapes (for the layer editor). */
  checkSpec(spec: ModelSpec): Promise<SpecCheck>;
  /** A run's stored curves and settings. */
  runDetails(runId: string): Promise<RunDetails>;
  /** Samples names from a character model run. */
  generate(runId: string, options: GenerateOptions): Promise<string[]>;
  /** Tokenises typed text as the run's text dataset was encoded and returns the class probabilities. */
  classifyText(runId: string, text: string): Promise<TextPrediction>;
  /** Histograms of the run's current parameters. */
  weightHistograms(runId: string): Promise<WeightHistogram[]>;
  /** Gradient histograms from one backward pass on the first training batch or one test sample (weights unchanged). */
  gradientHistograms(runId: string, source: GradientSource): Promise<GradientReport>;
  /** Test sample `index` of the run (for choosing what drives feature and attention maps). */
  testSample(runId: string, index: number): Promise<TestSample>;
  /** Conv feature maps of the run's model for one image. */
  featureMaps(runId: string, input: Float32Array): Promise<FeatureMaps[]>;
  /** Attention weights per layer and head of the run's model for one token sequence. */
  attentionMaps(runId: string, tokens: Int32Array): Promise<AttentionMaps[]>;
  /** The first `count` samples of the run's test split. */
  samples(runId: string, count: number): Promise<Samples>;
  /** Deletes a run and its checkpoint. */
  deleteRun(runId: string): Promise<void>;
  /** Test hook (shown with ?debug=1): destroys the GPU device, as a driver reset would. */
  loseDeviceForTesting(): Promise<void>;
  /** Imports files as a new dataset (one IndexedDB transaction: a bad file leaves nothing stored). */
  importDataset(request: ImportRequest, onProgress?: (p: ImportProgress) => void): Promise<ImportResult>;
  /** A CSV file's columns, guessed types and examples, for choosing the label column before importing. */
  previewCsv(file: ImportFileRef): Promise<CsvPreview>;
  /** Datasets stored in this browser (embedded ones appear once first used). */
  listDatasets(): Promise<DatasetInfo[]>;
  /** Deletes a stored dataset; runs that used it will ask for it to be imported again. */
  deleteDataset(id: string): Promise<void>;
  /**
   * Up to 256 samples of a dataset's split from `offset`, with class counts (an embedded set is copied in first, with
   * `dataset` events).
   */
  datasetSamples(
    id: string,
    split: 'train' | 'test',
    offset: number,
    count: number,
    onEvent?: (e: WorkerEvent) => void,
  ): Promise<DatasetSamples>;
  /**
   * A stored dataset as a zip (PNG folders per class, CSV or text, plus dataset.json), with progress while images are
   * encoded.
   */
  exportDataset(id: string, onProgress?: (p: ExportProgress) => void): Promise<DatasetExport>;
}
