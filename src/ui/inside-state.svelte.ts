// State of "Inside the model": the chosen test sample (which drives the feature maps, the attention maps and the
// per-sample gradients), the name typed for attention, and the weight and gradient histograms of the selected run.
import type { AttentionMaps, FeatureMaps, GradientReport, TestSample, WeightHistogram } from '../protocol/inference.ts';
import type { InferenceClient } from './clients/inference-client.ts';
import type { PageAlert } from './page-alert.svelte.ts';
import type { CurrentRun } from './run-state.svelte.ts';

/** What inspection asks of a worker. */
export type InsideClient = Pick<
  InferenceClient,
  | 'testSample'
  | 'gradientHistograms'
  | 'weightHistograms'
  | 'featureMaps'
  | 'attentionMaps'
  | 'predictInput'
  | 'digitSample'
>;

export class InsideState {
  /** Index into the run's test split. */
  sampleIndex = $state(0);
  sample = $state.raw<TestSample | null>(null);
  /** The name whose attention is shown (typed, or the chosen sample's). */
  text = $state('emma');
  gradientSource = $state<'train' | 'test'>('train');
  gradients = $state.raw<GradientReport | null>(null);
  histograms = $state.raw<WeightHistogram[]>([]);
  featureMaps = $state.raw<FeatureMaps[]>([]);
  attention = $state.raw<AttentionMaps[]>([]);
  busy = $state(false);

  constructor(
    private readonly client: InsideClient,
    private readonly current: CurrentRun,
    private readonly alert: PageAlert,
  ) {}

  private get spec() {
    return this.current.details?.spec ?? null;
  }

  /** Conv feature maps can be shown (an image model with a conv layer). */
  get hasConv(): boolean {
    const s = this.spec;
    return s !== null && s.input.shape.length === 3 && s.layers.some((l) => l.type === 'conv2d');
  }

  get hasAttention(): boolean {
    return this.spec?.layers.some((l) => l.type === 'transformerBlock' || l.type === 'multiHeadAttention') ?? false;
  }

  /**
   * Fetches test sample `index` and shows what it drives: feature maps, attention maps, and its gradients if chosen.
   */
  async pickSample(index: number): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    this.busy = true;
    try {
      const s = await this.client.testSample(run.id, Math.max(0, Math.floor(index)));
      this.sample = s;
      this.sampleIndex = s.index;
      if (this.hasConv && s.x instanceof Float32Array) await this.loadFeatureMaps(s.x);
      if (this.hasAttention && s.x instanceof Int32Array) {
        if (s.text !== null) this.text = s.text;
        this.attention = await this.client.attentionMaps(run.id, { tokens: s.x });
      }
      if (this.gradientSource === 'test' && this.gradients) await this.loadGradients();
    } catch (err) {
      this.alert.report(err);
    } finally {
      this.busy = false;
    }
  }

  /** Feature maps of every conv layer for one image (a drawn one, or the chosen sample). */
  async loadFeatureMaps(input: Float32Array): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    try {
      this.featureMaps = await this.client.featureMaps(run.id, input);
    } catch (err) {
      this.alert.report(err);
    }
  }

  /** Feature maps for a drawing on the pad, prepared in the worker as the Playground prepares it (MNIST digits). */
  async loadDrawnFeatureMaps(pixels: Float32Array, width: number, height: number): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    try {
      const { seen } = await this.client.predictInput(run.id, { kind: 'drawing', pixels, width, height });
      await this.loadFeatureMaps(seen);
    } catch (err) {
      this.alert.report(err);
    }
  }

  /** A built-in sample drawing for the pad. */
  digitSample(name: string): Promise<Float32Array> {
    return this.client.digitSample(name);
  }

  /** Attention maps for a typed name, tokenised in the worker with the run's own character vocabulary. */
  async loadAttention(text: string): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    try {
      this.attention = await this.client.attentionMaps(run.id, { text });
    } catch (err) {
      this.alert.report(err);
    }
  }

  /** Gradient histograms from one backward pass on the first training batch or the chosen test sample. */
  async loadGradients(): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    try {
      const source =
        this.gradientSource === 'train'
          ? ({ split: 'train' } as const)
          : ({ split: 'test', index: this.sampleIndex } as const);
      this.gradients = await this.client.gradientHistograms(run.id, source);
    } catch (err) {
      this.alert.report(err);
    }
  }

  /** Weight and gradient histograms together. */
  async loadHistograms(): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    try {
      this.histograms = await this.client.weightHistograms(run.id);
    } catch (err) {
      this.alert.report(err);
    }
    await this.loadGradients();
  }

  /** Forgets everything of the previous run. */
  reset(): void {
    this.sample = null;
    this.sampleIndex = 0;
    this.gradients = null;
    this.histograms = [];
    this.featureMaps = [];
    this.attention = [];
  }
}
