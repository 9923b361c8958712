// State of the Model, Train, Evaluate and Playground views: presets, the edited layer stack, hyperparameters,
// the active run with its live curves, evaluation results and predictions. Talks to workers only through their clients.
import type { LayerSpec, ModelSpec, TrainEvent } from '../engine/index.ts';
import type { PresetInfo, RunDetails, RunInfo, SpecCheck, WorkerEvent } from '../protocol/training.ts';
import type { AttentionMaps, EvalResult, FeatureMaps, Samples, WeightHistogram } from '../protocol/inference.ts';
import type { DatasetInfo } from '../protocol/datasets.ts';
import { canContinue } from '../protocol/training.ts';
import { StudioClients } from './clients/studio-clients.ts';
import { friendlyError } from './errors.ts';
import { TextClassifierState } from './text-classifier.svelte.ts';
import { InsideState } from './inside-state.svelte.ts';
import { ConfirmState } from './confirm-state.svelte.ts';
import { ExportState } from './export-state.svelte.ts';
import { Hyperparams } from './hyperparams.svelte.ts';

/** Curves of one run, rebuilt from its events. */
export interface Curves {
  stepX: number[];
  stepLoss: number[];
  /** Learning rate at each reported step (the schedule as it ran). */
  stepLr: number[];
  epochX: number[];
  trainLoss: number[];
  valLoss: (number | null)[];
  trainAcc: (number | null)[];
  valAcc: (number | null)[];
}

const emptyCurves = (): Curves => ({
  stepX: [],
  stepLoss: [],
  stepLr: [],
  epochX: [],
  trainLoss: [],
  valLoss: [],
  trainAcc: [],
  valAcc: [],
});

/** Folds training events into curves (epochs are placed at the global step where they ended). */
export function curvesFrom(events: TrainEvent[]): Curves {
  const c = emptyCurves();
  let lastStep = 0;
  for (const ev of events) {
    if (ev.kind === 'step') {
      c.stepX.push(ev.globalStep);
      c.stepLoss.push(ev.loss);
      c.stepLr.push(ev.lr);
      lastStep = ev.globalStep;
    } else if (ev.kind === 'epoch') {
      c.epochX.push(lastStep);
      c.trainLoss.push(ev.trainLoss);
      c.valLoss.push(ev.valLoss);
      c.trainAcc.push(ev.trainAccuracy);
      c.valAcc.push(ev.valAccuracy);
    }
  }
  return c;
}

export class StudioState {
  /** The workers' clients (training, inference and inspection, datasets). */
  readonly clients = new StudioClients();

  constructor(readonly debug = 0) {}
  /** The playground's type-to-classify box (text classifiers). */
  readonly textBox = new TextClassifierState(this.clients.inference, () => this.run?.id ?? null);
  /** Dataset and checkpoint downloads (Storage view). */
  readonly exports = new ExportState(this.clients, (message) => (this.error = message));
  /** Inside the model: the chosen test sample and gradient histograms. */
  readonly inside = new InsideState(this);
  /** Questions asked before deleting (shown by ConfirmDialog). */
  readonly confirm = new ConfirmState();
  presets = $state.raw<PresetInfo[]>([]);
  presetId = $state('mnist-mlp');
  /** The layer stack being edited (starts as the preset's). */
  layers = $state<LayerSpec[]>([]);
  check = $state.raw<SpecCheck | null>(null);
  edited = $state(false);

  /** Settings of the next run (the Train view's form). */
  readonly hp = new Hyperparams();
  /** Batch size of the selected run (for its ETA). */
  runBatchSize = $state(64);
  /** Learning rate at the latest reported step of the selected run. */
  currentLr = $state<number | null>(null);

  runs = $state.raw<RunInfo[]>([]);
  run = $state.raw<RunInfo | null>(null);
  details = $state.raw<RunDetails | null>(null);
  status = $state<RunInfo['status'] | 'idle'>('idle');
  training = $state(false);
  events = $state.raw<TrainEvent[]>([]);
  curves = $derived(curvesFrom(this.events));
  compareId = $state<string | null>(null);
  compare = $state.raw<Curves | null>(null);
  globalStep = $state(0);
  totalSteps = $state(0);
  samplesPerSecond = $state(0);
  checkpointStep = $state<number | null>(null);
  dataset = $state.raw<{ id: string; loaded: number; total: number; stage: string } | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  evaluating = $state(false);
  evalResult = $state.raw<EvalResult | null>(null);
  probabilities = $state.raw<Float32Array | null>(null);
  names = $state.raw<string[]>([]);
  histograms = $state.raw<WeightHistogram[]>([]);
  featureMaps = $state.raw<FeatureMaps[]>([]);
  attention = $state.raw<AttentionMaps[]>([]);
  /** 2D toy sets: test points and the class probabilities on a grid, redrawn at each epoch while watched. */
  points = $state.raw<Samples | null>(null);
  boundary = $state.raw<{
    probs: Float32Array;
    n: number;
    classes: number;
    range: [number, number, number, number];
  } | null>(null);
  watchBoundary = $state(false);
  private boundaryBusy = false;
  datasets = $state.raw<DatasetInfo[]>([]);
  /**
   * Test samples behind one confusion-matrix cell: images (or nothing to show) of true class `actual` predicted as
   * `predicted`.
   */
  cellSamples = $state.raw<{
    actual: number;
    predicted: number;
    images: Float32Array[];
    shape: number[];
    total: number;
  } | null>(null);
  private predictedTest: { samples: Samples; predicted: Int32Array } | null = null;

  preset = $derived(this.presets.find((p) => p.id === this.presetId) ?? null);
  spec = $derived<ModelSpec | null>(this.preset ? { ...this.preset.spec, layers: this.layers } : null);
  etaSeconds = $derived(
    this.samplesPerSecond > 0 && this.totalSteps > 0
      ? ((this.totalSteps - this.globalStep) * this.runBatchSize) / this.samplesPerSecond
      : null,
  );
  lastLoss = $derived(this.curves.stepLoss.length ? this.curves.stepLoss[this.curves.stepLoss.length - 1] : null);
  firstLoss = $derived(this.curves.stepLoss.length ? this.curves.stepLoss[0] : null);
  canResume = $derived(this.run !== null && !this.training && canContinue(this.status));

  async load(): Promise<void> {
    try {
      this.presets = await this.clients.training.presets();
      this.choosePreset(this.presetId);
      await this.refreshRuns();
      if (this.runs.length) await this.selectRun(this.runs[0].id);
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  choosePreset(id: string): void {
    const p = this.presets.find((x) => x.id === id);
    if (!p) return;
    this.presetId = id;
    this.layers = structuredClone(p.spec.layers);
    this.edited = false;
    this.hp.fromPreset(p);
    void this.validate();
  }

  /** Re-checks the edited stack in the worker (live shape inference). */
  async validate(): Promise<void> {
    const spec = this.spec;
    if (!spec) return;
    try {
      this.check = await this.clients.training.checkSpec($state.snapshot(spec) as ModelSpec);
    } catch (err) {
      this.check = {
        ok: false,
        layers: [],
        outShape: [],
        params: 0,
        trainingBytes: 0,
        error: { path: null, message: friendlyError(err) },
      };
    }
  }

  editLayers(update: (layers: LayerSpec[]) => void): void {
    update(this.layers);
    this.edited = true;
    void this.validate();
  }

  async refreshRuns(): Promise<void> {
    this.runs = await this.clients.training.listRuns();
  }

  async selectRun(id: string): Promise<void> {
    const info = this.runs.find((r) => r.id === id) ?? null;
    this.run = info;
    this.evalResult = null;
    this.probabilities = null;
    this.names = [];
    this.histograms = [];
    this.featureMaps = [];
    this.attention = [];
    this.points = null;
    this.boundary = null;
    this.cellSamples = null;
    this.predictedTest = null;
    this.textBox.reset();
    this.inside.reset();
    if (!info) return;
    this.details = await this.clients.training.runDetails(id);
    this.events = this.details.history;
    this.status = info.status;
    this.checkpointStep = this.details.checkpointStep;
    const last = [...this.events].reverse().find((e) => e.kind === 'step');
    this.globalStep = this.details.checkpointStep ?? 0;
    this.totalSteps = last && last.kind === 'step' ? last.stepsPerEpoch * info.epochs : 0;
    this.runBatchSize = this.details.batchSize;
    this.currentLr = last && last.kind === 'step' ? last.lr : null;
  }

  private onEvent = (e: WorkerEvent): void => {
    switch (e.kind) {
      case 'step':
        this.globalStep = e.globalStep;
        this.totalSteps = e.stepsPerEpoch * (this.run?.epochs ?? 1);
        this.samplesPerSecond = e.samplesPerSecond;
        this.currentLr = e.lr;
        this.events = [...this.events, e];
        break;
      case 'epoch':
      case 'done':
        this.events = [...this.events, e];
        break;
      case 'status':
        this.status = e.status;
        break;
      case 'checkpoint':
        this.checkpointStep = e.globalStep;
        // The inference worker predicts from checkpoints; one is saved at each epoch's end and at the run's.
        if (this.watchBoundary) void this.refreshBoundary();
        break;
      case 'dataset':
        this.dataset = { id: e.id, loaded: e.loaded, total: e.total, stage: e.stage };
        break;
      case 'error':
        this.error = friendlyError(e.message);
        break;
      default:
        // Other events (dataset imports) belong to other views.
        break;
    }
  };

  /** Creates a run from the current preset, edits and hyperparameters, and starts training it. */
  async newRun(): Promise<void> {
    if (this.training) return;
    this.error = null;
    this.notice = null;
    try {
      const spec = this.edited && this.spec ? ($state.snapshot(this.spec) as ModelSpec) : undefined;
      const run = await this.clients.training.createRun(
        {
          ...this.hp.runOptions(),
          presetId: this.presetId,
          spec,
        },
        this.onEvent,
      );
      await this.refreshRuns();
      await this.selectRun(run.id);
      await this.resume();
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  private async drive(fn: (id: string) => Promise<RunInfo>): Promise<void> {
    if (!this.run || this.training) return;
    this.training = true;
    this.error = null;
    try {
      const info = await fn(this.run.id);
      this.run = info;
      this.status = info.status;
    } catch (err) {
      this.error = friendlyError(err);
    } finally {
      this.training = false;
      this.dataset = null;
      await this.refreshRuns().catch(() => undefined);
    }
  }

  resume(): Promise<void> {
    return this.drive((id) => this.clients.training.start(id, this.onEvent));
  }

  step(): Promise<void> {
    return this.drive((id) => this.clients.training.singleStep(id, this.onEvent));
  }

  async pause(): Promise<void> {
    await this.clients.training.pause();
  }

  async stop(): Promise<void> {
    await this.clients.training.stop(this.run?.id);
    if (!this.training && this.run) {
      this.status = 'stopped';
      await this.refreshRuns();
    }
  }

  async setCompare(id: string | null): Promise<void> {
    this.compareId = id;
    this.compare = id ? curvesFrom((await this.clients.training.runDetails(id)).history) : null;
  }

  async evaluate(): Promise<void> {
    if (!this.run || this.evaluating) return;
    this.evaluating = true;
    this.error = null;
    this.cellSamples = null;
    this.predictedTest = null;
    try {
      this.evalResult = await this.clients.inference.evaluate(this.run.id);
    } catch (err) {
      this.error = friendlyError(err);
    } finally {
      this.evaluating = false;
    }
  }

  async predict(input: Float32Array): Promise<void> {
    if (!this.run) return;
    try {
      this.probabilities = await this.clients.inference.predict(this.run.id, input, 1);
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  async generate(temperature: number, count = 10): Promise<void> {
    if (!this.run) return;
    try {
      this.names = await this.clients.inference.generate(this.run.id, { count, temperature });
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  async loadHistograms(): Promise<void> {
    if (!this.run) return;
    try {
      this.histograms = await this.clients.inference.weightHistograms(this.run.id);
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  async loadFeatureMaps(input: Float32Array): Promise<void> {
    if (!this.run) return;
    try {
      this.featureMaps = await this.clients.inference.featureMaps(this.run.id, input);
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  /** Attention maps for a typed name, tokenised in the worker with the run's own character vocabulary. */
  async loadAttention(text: string): Promise<void> {
    if (!this.run) return;
    try {
      this.attention = await this.clients.inference.attentionMaps(this.run.id, { text });
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  /** Class probabilities on an n×n grid covering the test points (2D inputs only). */
  async refreshBoundary(n = 48): Promise<void> {
    if (!this.run || this.boundaryBusy || this.details?.spec.input.shape.join() !== '2') return;
    this.boundaryBusy = true;
    try {
      this.points ??= await this.clients.inference.samples(this.run.id, 400);
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
      const probs = await this.clients.inference.predict(this.run.id, grid, n * n);
      this.boundary = { probs, n, classes: probs.length / (n * n), range };
    } catch (err) {
      this.error = friendlyError(err);
    } finally {
      this.boundaryBusy = false;
    }
  }

  /** The evaluated test samples of true class `actual` that evaluate predicted as `predicted` (first 24 shown). */
  async openCell(actual: number, predicted: number): Promise<void> {
    if (!this.run || !this.evalResult) return;
    try {
      if (!this.predictedTest) {
        // The classes evaluate predicted; only the samples themselves are fetched (no second prediction).
        const predicted = this.evalResult.predictions;
        if (!predicted) return;
        const samples = await this.clients.inference.samples(this.run.id, this.evalResult.count);
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
      this.error = friendlyError(err);
    }
  }

  /** Debug knob: the worker destroys its GPU device mid-run, to try the recovery path. */
  async simulateDeviceLoss(): Promise<void> {
    await this.clients.training.loseDeviceForTesting();
  }

  async refreshDatasets(): Promise<void> {
    try {
      this.datasets = await this.clients.datasets.listDatasets();
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  /** Deletes a stored dataset; an embedded one is copied in again from the app the next time it is used. */
  async deleteDataset(id: string): Promise<void> {
    try {
      await this.clients.datasets.deleteDataset(id);
      await this.refreshDatasets();
    } catch (err) {
      this.error = friendlyError(err);
    }
  }

  /** Asks first (in a dialog), then deletes a stored dataset; resolves whether it was deleted. */
  async confirmDeleteDataset(id: string, title: string): Promise<boolean> {
    const ok = await this.confirm.ask({
      title: `Delete the dataset “${title}”?`,
      message:
        'It is removed from this browser. An embedded set is copied in again from the app the next time a model uses it; an imported set has to be imported again from its files, and runs trained on it cannot resume until then.',
      confirmLabel: 'Delete dataset',
    });
    if (ok) await this.deleteDataset(id);
    return ok;
  }

  /** Asks first (in a dialog), then deletes a run with its checkpoint; resolves whether it was deleted. */
  async confirmDeleteRun(id: string): Promise<boolean> {
    const name = this.runs.find((r) => r.id === id)?.name ?? 'this run';
    const ok = await this.confirm.ask({
      title: `Delete the run “${name}”?`,
      message:
        'Its checkpoint (the trained weights) and its curves are removed from this browser. This cannot be undone; export it as .safetensors first to keep the weights.',
      confirmLabel: 'Delete run',
    });
    if (ok) await this.deleteRun(id);
    return ok;
  }

  async deleteRun(id: string): Promise<void> {
    try {
      await this.clients.training.deleteRun(id);
      if (this.run?.id === id) {
        this.run = null;
        this.events = [];
        this.status = 'idle';
      }
      await this.refreshRuns();
    } catch (err) {
      this.error = friendlyError(err);
    }
  }
}
