// The typed API of the inference and inspection worker: evaluation, predictions, the playground, and "Inside the
// model". It reads each run's last checkpoint (never a half-trained one), and large arrays come back transferred.
import type { ClassificationReport, RegressionReport } from '../engine/index.ts';
import type { AttentionMaps, FeatureMaps } from '../engine/nn/inspect.ts';
import type { GenerateOptions } from '../engine/train/generate.ts';
import type { GradientReport, GradientSource } from '../engine/train/gradients.ts';
import type { WeightHistogram } from '../engine/train/histograms.ts';
import type { TextPrediction } from '../data/text-classify.ts';
import type { FormColumn, PlaygroundForm, PlaygroundInput } from '../data/playground-input.ts';
import type { TestSample } from '../storage/test-sample.ts';

export type {
  AttentionMaps,
  FormColumn,
  PlaygroundForm,
  PlaygroundInput,
  FeatureMaps,
  GenerateOptions,
  GradientReport,
  GradientSource,
  TestSample,
  TextPrediction,
  WeightHistogram,
};

export interface EvalResult {
  loss: number;
  /** Classification report, or null for regression. */
  report: ClassificationReport | null;
  /**
   * A regression run's errors in the target's units (the packs and the CSV importer store targets as they are; only
   * inputs are standardised), or null for classification.
   */
  regression: RegressionReport | null;
  /** What the target is called (the CSV label column), when the dataset says. */
  targetName: string | null;
  /**
   * Predicted and actual targets of up to `SCATTER_POINTS` evaluated samples (the first ones), for a
   * predicted-vs-actual plot; null for classification.
   */
  scatter: { predicted: Float32Array; actual: Float32Array } | null;
  /** exp(loss) for language models. */
  perplexity: number | null;
  count: number;
  /**
   * The predicted class of each evaluated test sample (classification with one label per sample), so the
   * confusion-matrix cells can show their samples without predicting the test set again; null otherwise.
   */
  predictions: Int32Array | null;
}

/** Most points of a predicted-vs-actual plot sent to the page. */
export const SCATTER_POINTS = 5000;

/** The first samples of a run's test split (for scatter plots and sample grids). */
export interface Samples {
  x: Float32Array | Int32Array;
  xShape: number[];
  y: Int32Array | Float32Array;
  count: number;
}

/** The Playground's answer for one input: class probabilities, or a regression value in the target's units. */
export interface PlaygroundPrediction {
  /** One probability per class (classification), else null. */
  probabilities: number[] | null;
  /** The predicted value (regression), in the target's own units; else null. */
  value: number | null;
  classNames: string[];
  /** The input as the model read it (images: height × width × channels, 0–1), to show what the model saw. */
  seen: Float32Array;
}

/** A sequence for attention maps: token ids, or text that the worker encodes with the dataset's own vocabulary. */
export type SequenceInput = { tokens: Int32Array } | { text: string };

export interface InferenceApi {
  /** Loss and report (with each sample's predicted class) on the run's test split, or its first `testLimit`. */
  evaluate(runId: string): Promise<EvalResult>;
  /** Probabilities (or outputs) for `count` samples of the run's input shape, computed in batches. */
  predict(runId: string, input: Float32Array | Int32Array, count: number): Promise<Float32Array>;
  /** What the Playground offers for the run: a drawing pad and upload (image sets) or a row form (tables). */
  playgroundForm(runId: string): Promise<PlaygroundForm>;
  /**
   * Encodes a drawing, a picture or a table row exactly as the run's training data was encoded and predicts it.
   * Quick: it goes ahead of evaluations still waiting, and uses the last checkpoint's weights.
   */
  predictInput(runId: string, input: PlaygroundInput): Promise<PlaygroundPrediction>;
  /** A built-in sample drawing (280×280 grey levels, bright ink on dark) for the drawing pad. */
  digitSample(name: string): Promise<Float32Array>;
  /** Samples names from a character model run. */
  generate(runId: string, options: GenerateOptions): Promise<string[]>;
  /** Tokenises typed text as the run's text dataset was encoded and returns the class probabilities. */
  classifyText(runId: string, text: string): Promise<TextPrediction>;
  /** Histograms of the run's parameters. */
  weightHistograms(runId: string): Promise<WeightHistogram[]>;
  /** Gradient histograms from one backward pass on the first training batch or one test sample (weights unchanged). */
  gradientHistograms(runId: string, source: GradientSource): Promise<GradientReport>;
  /** Test sample `index` of the run (for choosing what drives feature and attention maps). */
  testSample(runId: string, index: number): Promise<TestSample>;
  /** Conv feature maps of the run's model for one image. */
  featureMaps(runId: string, input: Float32Array): Promise<FeatureMaps[]>;
  /** Attention weights per layer and head of the run's model for one token sequence (or text to encode). */
  attentionMaps(runId: string, input: SequenceInput): Promise<AttentionMaps[]>;
  /** The first `count` samples of the run's test split. */
  samples(runId: string, count: number): Promise<Samples>;
}
