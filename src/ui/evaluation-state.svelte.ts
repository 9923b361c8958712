// State of the Evaluate view: test-set metrics of the selected run and the samples behind a confusion-matrix cell.
import type { EvalResult, Samples } from '../protocol/inference.ts';
import type { InferenceClient } from './clients/inference-client.ts';
import type { PageAlert } from './page-alert.svelte.ts';
import type { CurrentRun } from './run-state.svelte.ts';

/** What evaluation asks of a worker. */
export type EvaluationClient = Pick<InferenceClient, 'evaluate' | 'samples'>;

/** Test samples behind one confusion-matrix cell: true class `actual` predicted as `predicted`. */
export interface CellSamples {
  actual: number;
  predicted: number;
  /** The first 24 as images (empty when the samples are not images). */
  images: Float32Array[];
  shape: number[];
  total: number;
}

export class EvaluationState {
  evaluating = $state(false);
  result = $state.raw<EvalResult | null>(null);
  cellSamples = $state.raw<CellSamples | null>(null);
  private predictedTest: { samples: Samples; predicted: Int32Array } | null = null;

  constructor(
    private readonly client: EvaluationClient,
    private readonly current: CurrentRun,
    private readonly alert: PageAlert,
  ) {}

  async evaluate(): Promise<void> {
    const run = this.current.run;
    if (!run || this.evaluating) return;
    this.evaluating = true;
    this.alert.dismiss();
    this.cellSamples = null;
    this.predictedTest = null;
    try {
      this.result = await this.client.evaluate(run.id);
    } catch (err) {
      this.alert.report(err);
    } finally {
      this.evaluating = false;
    }
  }

  /** The evaluated test samples of true class `actual` that evaluate predicted as `predicted` (first 24 shown). */
  async openCell(actual: number, predicted: number): Promise<void> {
    const run = this.current.run;
    if (!run || !this.result) return;
    try {
      if (!this.predictedTest) {
        // The classes evaluate predicted; only the samples themselves are fetched (no second prediction).
        const predicted = this.result.predictions;
        if (!predicted) return;
        const samples = await this.client.samples(run.id, this.result.count);
        this.predictedTest = { samples, predicted };
      }
      const { samples, predicted: pred } = this.predictedTest;
      const size = samples.xShape.reduce((a, b) => a * b, 1);
      const images: Float32Array[] = [];
      let total = 0;
      for (let i = 0; i < samples.count; i++)
        if (samples.y[i] === actual && pred[i] === predicted) {
          total++;
          if (images.length < 24) images.push(Float32Array.from(samples.x.subarray(i * size, (i + 1) * size)));
        }
      this.cellSamples = { actual, predicted, images, shape: samples.xShape, total };
    } catch (err) {
      this.alert.report(err);
    }
  }

  /** Forgets the previous run's results. */
  reset(): void {
    this.result = null;
    this.cellSamples = null;
    this.predictedTest = null;
  }
}
