// State of the Playground for the selected run: the input form its dataset calls for (drawing pad and upload, or a
// table row), the last prediction, generated names, the 2D decision boundary (redrawn at each checkpoint while
// watched) and the type-to-classify box. Inputs are encoded in the worker, exactly as the training data was.
import type { PlaygroundForm, PlaygroundInput, PlaygroundPrediction, Samples } from '../protocol/inference.ts';
import { friendlyError } from './errors.ts';
import { Latest } from './latest.ts';
import type { InferenceClient } from './clients/inference-client.ts';
import type { PageAlert } from './page-alert.svelte.ts';
import type { CurrentRun } from './run-state.svelte.ts';
import { TextClassifierState } from './text-classifier.svelte.ts';

/** What the playground asks of a worker. */
export type PlaygroundClient = Pick<
  InferenceClient,
  'predict' | 'generate' | 'samples' | 'classifyText' | 'playgroundForm' | 'predictInput' | 'digitSample'
>;

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
  /** The input form for the selected run (null until asked for, or for another run). */
  form = $state.raw<PlaygroundForm | null>(null);
  private formRun: string | null = null;
  /** The last answer for a drawing, picture or row, with the input as the model read it. */
  prediction = $state.raw<PlaygroundPrediction | null>(null);
  /** A sentence about an input the model cannot read (an empty form field, an unreadable picture). */
  inputError = $state<string | null>(null);
  busy = $state(false);
  private readonly latest = new Latest(0);
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

  /** Asks the worker what the selected run's dataset calls for (once per run). */
  async loadForm(): Promise<void> {
    const run = this.current.run;
    if (!run || this.formRun === run.id) return;
    this.formRun = run.id;
    this.form = null;
    try {
      const form = await this.client.playgroundForm(run.id);
      if (this.current.run?.id === run.id) this.form = form;
    } catch (err) {
      this.formRun = null;
      this.alert.report(err);
    }
  }

  /** Predicts a drawing, picture or table row; a newer input makes an older answer stale. */
  async predictInput(input: PlaygroundInput): Promise<void> {
    const run = this.current.run;
    if (!run) return;
    const fresh = this.latest.begin();
    this.busy = true;
    try {
      const p = await this.client.predictInput(run.id, input);
      if (!fresh()) return;
      this.prediction = p;
      this.inputError = null;
    } catch (err) {
      if (fresh()) {
        this.prediction = null;
        this.inputError = friendlyError(err);
      }
    } finally {
      if (fresh()) this.busy = false;
    }
  }

  /** A built-in sample drawing (280×280 grey levels) for the pad to show. */
  digitSample(name: string): Promise<Float32Array> {
    return this.client.digitSample(name);
  }

  clearPrediction(): void {
    this.latest.cancel();
    this.prediction = null;
    this.inputError = null;
    this.busy = false;
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
    this.clearPrediction();
    this.form = null;
    this.formRun = null;
    this.names = [];
    this.points = null;
    this.boundary = null;
    this.textBox.reset();
  }
}
