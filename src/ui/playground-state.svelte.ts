// State of the Playground: a drawn image's class probabilities, generated names, the 2D decision boundary (redrawn
// at each checkpoint while watched) and the type-to-classify box, all for the selected run.
import type { Samples } from '../protocol/inference.ts';
import type { InferenceClient } from './clients/inference-client.ts';
import type { PageAlert } from './page-alert.svelte.ts';
import type { CurrentRun } from './run-state.svelte.ts';
import { TextClassifierState } from './text-classifier.svelte.ts';

/** What the playground asks of a worker. */
export type PlaygroundClient = Pick<InferenceClient, 'predict' | 'generate' | 'samples' | 'classifyText'>;

/** Class probabilities on an n×n grid over `range` = [x0, x1, y0, y1]. */
export interface Boundary {
  probs: Float32Array;
  n: number;
  classes: number;
  range: [number, number, number, number];
}

export class PlaygroundState {
  /** The playground's type-to-classify box (text classifiers). */
  readonly textBox: TextClassifierState;
  probabilities = $state.raw<Float32Array | null>(null);
  names = $state.raw<string[]>([]);
  /** 2D toy sets: test points and the class probabilities on a grid. */
  points = $state.raw<Samples | null>(null);
  boundary = $state.raw<Boundary | null>(null);
  /** The view shows the boundary: it is redrawn at each checkpoint of the selected run. */
  watchBoundary = $state(false);
  private boundaryBusy = false;

  constructor(
    private readonly client: PlaygroundClient,
    private readonly current: CurrentRun,
    private readonly alert: PageAlert,
  ) {
    this.textBox = new TextClassifierState(client, () => current.run?.id ?? null);
  }

  async predict(input: Float32Array): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    try {
      this.probabilities = await this.client.predict(run.id, input, 1);
    } catch (err) {
      this.alert.report(err);
    }
  }

  clearPrediction(): void {
    this.probabilities = null;
  }

  async generate(temperature: number, count = 10): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    try {
      this.names = await this.client.generate(run.id, { count, temperature });
    } catch (err) {
      this.alert.report(err);
    }
  }

  /**
   * The selected run saved a checkpoint (at each epoch's end and at the run's): redraw the boundary if it is shown.
   * The inference worker predicts from checkpoints, so an epoch's end alone would show the previous weights.
   */
  checkpointSaved(): void {
    if (this.watchBoundary) void this.refreshBoundary();
  }

  /** Class probabilities on an n×n grid covering the test points (2D inputs only). */
  async refreshBoundary(n = 48): Promise<void> {
    const run = this.current.run;
    const details = this.current.details;
    // Only the selected run's own spec says whether it takes 2-D points (details of the run before may linger).
    if (!run || this.boundaryBusy || details?.id !== run.id || details.spec.input.shape.join() !== '2') return;
    this.boundaryBusy = true;
    try {
      this.points ??= await this.client.samples(run.id, 400);
      const xs = this.points.x;
      let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
      for (let i = 0; i < this.points.count; i++) {
        x0 = Math.min(x0, xs[2 * i]);
        x1 = Math.max(x1, xs[2 * i]);
        y0 = Math.min(y0, xs[2 * i + 1]);
        y1 = Math.max(y1, xs[2 * i + 1]);
      }
      const padX = (x1 - x0) * 0.1 || 1;
      const padY = (y1 - y0) * 0.1 || 1;
      const range: [number, number, number, number] = [x0 - padX, x1 + padX, y0 - padY, y1 + padY];
      const grid = new Float32Array(n * n * 2);
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) {
          grid[2 * (r * n + c)] = range[0] + ((c + 0.5) / n) * (range[1] - range[0]);
          grid[2 * (r * n + c) + 1] = range[3] - ((r + 0.5) / n) * (range[3] - range[2]);
        }
      const probs = await this.client.predict(run.id, grid, n * n);
      this.boundary = { probs, n, classes: probs.length / (n * n), range };
    } catch (err) {
      this.alert.report(err);
    } finally {
      this.boundaryBusy = false;
    }
  }

  /** Forgets everything of the previous run. */
  reset(): void {
    this.probabilities = null;
    this.names = [];
    this.points = null;
    this.boundary = null;
    this.textBox.reset();
  }
}
