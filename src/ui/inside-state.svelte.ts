// State of "Inside the model" beyond the shared run state: the chosen test sample (which drives the feature maps,
// the attention maps and the per-sample gradients), the name typed for attention, and the gradient histograms.
import type { GradientReport, TestSample } from '../protocol/inference.ts';
import type { StudioState } from './studio-state.svelte.ts';
import { friendlyError } from './errors.ts';

export class InsideState {
  /** Index into the run's test split. */
  sampleIndex = $state(0);
  sample = $state.raw<TestSample | null>(null);
  /** The name whose attention is shown (typed, or the chosen sample's). */
  text = $state('emma');
  gradientSource = $state<'train' | 'test'>('train');
  gradients = $state.raw<GradientReport | null>(null);
  busy = $state(false);

  constructor(private readonly studio: StudioState) {}

  private get spec() {
    return this.studio.details?.spec ?? null;
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
    const run = this.studio.run;
    if (!run) return;
    this.busy = true;
    try {
      const s = await this.studio.clients.inference.testSample(run.id, Math.max(0, Math.floor(index)));
      this.sample = s;
      this.sampleIndex = s.index;
      if (this.hasConv && s.x instanceof Float32Array) await this.studio.loadFeatureMaps(s.x);
      if (this.hasAttention && s.x instanceof Int32Array) {
        if (s.text !== null) this.text = s.text;
        this.studio.attention = await this.studio.clients.inference.attentionMaps(run.id, { tokens: s.x });
      }
      if (this.gradientSource === 'test' && this.gradients) await this.loadGradients();
    } catch (err) {
      this.studio.error = friendlyError(err);
    } finally {
      this.busy = false;
    }
  }

  /** Gradient histograms from one backward pass on the first training batch or the chosen test sample. */
  async loadGradients(): Promise<void> {
    const run = this.studio.run;
    if (!run) return;
    try {
      const source =
        this.gradientSource === 'train'
          ? ({ split: 'train' } as const)
          : ({ split: 'test', index: this.sampleIndex } as const);
      this.gradients = await this.studio.clients.inference.gradientHistograms(run.id, source);
    } catch (err) {
      this.studio.error = friendlyError(err);
    }
  }

  /** Weight and gradient histograms together. */
  async loadHistograms(): Promise<void> {
    await this.studio.loadHistograms();
    await this.loadGradients();
  }

  /** Forgets everything of the previous run. */
  reset(): void {
    this.sample = null;
    this.sampleIndex = 0;
    this.gradients = null;
  }
}
