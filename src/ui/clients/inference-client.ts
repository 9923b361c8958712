// The page's handle on the inference and inspection worker, wrapping its Comlink API. Inputs are transferred
// (the caller's array is emptied), so callers pass arrays they no longer need.
import * as Comlink from 'comlink';
import { WorkerLink } from './worker-link.ts';
import type { GenerateOptions, GradientSource, InferenceApi, PlaygroundInput } from '../../protocol/inference.ts';

export class InferenceClient {
  private link = new WorkerLink<InferenceApi>(
    'inference',
    () =>
      new Worker(new URL('../../../workers/inference.worker.ts', import.meta.url), {
        type: 'module',
        name: 'inference',
      }),
  );
  private api = this.link.api;

  evaluate(runId: string) {
    return this.api.evaluate(runId);
  }
  /** Predictions for `count` samples; `input` is transferred to the worker (and unusable here afterwards). */
  predict(runId: string, input: Float32Array | Int32Array, count: number) {
    return this.api.predict(runId, Comlink.transfer(input, [input.buffer]), count);
  }
  playgroundForm(runId: string) {
    return this.api.playgroundForm(runId);
  }
  /** Predicts a drawing, picture or table row, encoded in the worker as the run's data was (pixels copied). */
  predictInput(runId: string, input: PlaygroundInput) {
    return this.api.predictInput(runId, input);
  }
  digitSample(name: string) {
    return this.api.digitSample(name);
  }
  generate(runId: string, options: GenerateOptions) {
    return this.api.generate(runId, options);
  }
  classifyText(runId: string, text: string) {
    return this.api.classifyText(runId, text);
  }
  weightHistograms(runId: string) {
    return this.api.weightHistograms(runId);
  }
  gradientHistograms(runId: string, source: GradientSource) {
    return this.api.gradientHistograms(runId, source);
  }
  testSample(runId: string, index: number) {
    return this.api.testSample(runId, index);
  }
  /** Conv feature maps for one image (copied: the caller keeps drawing it). */
  featureMaps(runId: string, input: Float32Array) {
    return this.api.featureMaps(runId, input);
  }
  /** Attention maps for token ids, or for text the worker encodes with the run's own vocabulary. */
  attentionMaps(runId: string, input: { tokens: Int32Array } | { text: string }) {
    return this.api.attentionMaps(runId, input);
  }
  samples(runId: string, count: number) {
    return this.api.samples(runId, count);
  }
  dispose(): void {
    this.link.dispose();
  }
}
