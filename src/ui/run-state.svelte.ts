// State of the Train view: the run history, the selected run with its status, progress and curves, and the run
// controls (start, pause, resume, single step, stop, delete). Other state classes read the selected run from here.
import type { RunDetails, RunInfo, WorkerEvent } from '../protocol/training.ts';
import { canContinue } from '../protocol/training.ts';
import type { TrainingClient } from './clients/training-client.ts';
import type { ConfirmState } from './confirm-state.svelte.ts';
import { CurveStore } from './curve-store.ts';
import type { PageAlert } from './page-alert.svelte.ts';
import { activityText, StepClock, type StartPhase } from './run-progress.ts';

/** What the run controls ask of a worker. */
export type RunClient = Pick<
  TrainingClient,
  | 'listRuns'
  | 'runDetails'
  | 'createRun'
  | 'start'
  | 'singleStep'
  | 'pause'
  | 'stop'
  | 'deleteRun'
  | 'restartRun'
  | 'loseDeviceForTesting'
>;

/** The selected run, as the evaluation, playground and inspection states read it. */
export interface CurrentRun {
  readonly run: RunInfo | null;
  readonly details: RunDetails | null;
  readonly training: boolean;
}

/** Told when another run is selected (state of the previous one is stale) and when the run saves a checkpoint. */
export interface RunListener {
  selected?(run: RunInfo | null): void;
  checkpointSaved?(): void;
}

export class RunState implements CurrentRun {
  runs = $state.raw<RunInfo[]>([]);
  run = $state.raw<RunInfo | null>(null);
  details = $state.raw<RunDetails | null>(null);
  status = $state<RunInfo['status'] | 'idle'>('idle');
  training = $state(false);
  /**
   * The selected run's curves. The store is appended in place (O(1) per event, under the history cap), so it is
   * not a rune; `curvesVersion` changes with every append and is what views depend on.
   */
  curves = $state.raw(new CurveStore());
  curvesVersion = $state(0);
  compareId = $state<string | null>(null);
  /** A second run's curves, drawn dashed over the selected one's. */
  compare = $state.raw<CurveStore | null>(null);
  globalStep = $state(0);
  totalSteps = $state(0);
  samplesPerSecond = $state(0);
  checkpointStep = $state<number | null>(null);
  /** Batch size of the selected run (for its ETA). */
  runBatchSize = $state(64);
  /** Learning rate at the latest reported step of the selected run. */
  currentLr = $state<number | null>(null);
  /** Loading (or first copying into this browser) the dataset of a run that is starting. */
  datasetLoad = $state.raw<{ id: string; loaded: number; total: number; stage: string } | null>(null);

  /** What the worker is doing before the first step of this start (loading, compiling), null once steps arrive. */
  startPhase = $state<StartPhase>(null);
  /** A step has been reported since this start. */
  stepped = $state(false);
  /** Seconds left, from the steps timed since this start's first step; null until enough are timed. */
  etaSeconds = $state<number | null>(null);
  /** What the run is doing, in words, while the step counter and ETA do not say it (starting, first steps). */
  activity = $derived(
    activityText({
      training: this.training,
      phase: this.startPhase,
      dataset: this.datasetLoad,
      stepped: this.stepped,
      timed: this.etaSeconds !== null,
    }),
  );
  private readonly clock = new StepClock();
  canResume = $derived(this.run !== null && !this.training && canContinue(this.status) && !this.details?.damage);
  /**
   * Why the selected run's checkpoint cannot be used (damaged, or cleared by the browser), with the run named; the
   * Train view then offers to delete the run or start it again from step 0.
   */
  damage = $derived(this.details?.id === this.run?.id ? (this.details?.damage ?? null) : null);

  private readonly listeners: RunListener[] = [];

  constructor(
    private readonly client: RunClient,
    private readonly alert: PageAlert,
    private readonly confirm: ConfirmState,
    /** `?debug=` of the page: 1 shows the button that loses the GPU device. */
    readonly debug = 0,
  ) {}

  /** Subscribes to run changes (the composition root wires the other states here). */
  listen(listener: RunListener): void {
    this.listeners.push(listener);
  }

  get lastLoss(): number | null {
    void this.curvesVersion;
    return this.curves.lastLoss;
  }
  get firstLoss(): number | null {
    void this.curvesVersion;
    return this.curves.firstLoss;
  }
  get lastEpoch() {
    void this.curvesVersion;
    return this.curves.lastEpoch;
  }
  get lastDone() {
    void this.curvesVersion;
    return this.curves.lastDone;
  }

  /** Lists the runs and selects the newest; a failure is the caller's to show. */
  async load(): Promise<void> {
    await this.refreshRuns();
    if (this.runs.length) await this.selectRun(this.runs[0].id);
    this.followOtherTabs();
  }

  /** What the browser said when asked to keep the studio's data (after this page's first checkpoint). */
  persistenceNote = $state<string | null>(null);
  private askedPersistence = false;

  /**
   * At the first checkpoint, asks the browser to make the studio's storage persistent, and says why and what it
   * answered: without it the browser may clear runs and imported datasets when the disk runs low.
   */
  private async askPersistence(): Promise<void> {
    if (this.askedPersistence || !navigator.storage?.persist) return;
    this.askedPersistence = true;
    try {
      if (await navigator.storage.persisted()) return;
      const granted = await navigator.storage.persist();
      this.persistenceNote = granted
        ? 'Your first checkpoint is saved, and the browser agreed to keep the studio’s data: it will not clear your runs or datasets to free disk space.'
        : 'Your first checkpoint is saved. The browser keeps the studio’s data as ordinary site data and may clear it when the disk runs low: export runs you want to keep (Storage tab), or install the studio as an app, which usually makes its storage persistent.';
    } catch {
      /* the Storage tab still shows whether storage is persistent */
    }
  }

  private channel: BroadcastChannel | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * Keeps the run list current when a run changes anywhere (another tab trains, finishes or deletes one): the
   * training workers announce every change on a BroadcastChannel (workers/run-locks.ts). At most one refresh a second.
   */
  private followOtherTabs(): void {
    if (this.channel || typeof BroadcastChannel !== 'function') return;
    this.channel = new BroadcastChannel('dl-studio-runs');
    this.channel.onmessage = () => {
      this.refreshTimer ??= setTimeout(() => {
        this.refreshTimer = null;
        this.refreshRuns().catch(() => {});
      }, 1000);
    };
  }

  async refreshRuns(): Promise<void> {
    this.runs = await this.client.listRuns();
  }

  /** Selects a run and redraws it from its stored history (the same curves it drew live). */
  async selectRun(id: string): Promise<void> {
    const info = this.runs.find((r) => r.id === id) ?? null;
    // The previous run's details must not outlive its selection: a 2-D run's spec read with the next run's id sent a
    // decision-boundary grid of 2 features to an Iris model ("4608 values do not fill shape [2304, 4]").
    if (this.details?.id !== id) this.details = null;
    this.run = info;
    // An overlaid run of another dataset measures something else: it is dropped (the view offers only matching ones).
    const overlaid = this.runs.find((r) => r.id === this.compareId);
    if (this.compareId && (!info || !overlaid || overlaid.datasetId !== info.datasetId)) void this.setCompare(null);
    for (const l of this.listeners) l.selected?.(info);
    if (!info) return;
    const details = await this.client.runDetails(id);
    // A later selection wins.
    if (this.run?.id !== id) return;
    this.details = details;
    this.setCurves(CurveStore.from(this.details.history));
    this.status = info.status;
    this.checkpointStep = this.details.checkpointStep;
    const last = this.curves.lastStep;
    this.globalStep = this.details.checkpointStep ?? 0;
    this.totalSteps = last ? last.stepsPerEpoch * info.epochs : 0;
    this.runBatchSize = this.details.batchSize;
    this.currentLr = last ? last.lr : null;
  }

  private setCurves(curves: CurveStore): void {
    this.curves = curves;
    this.curvesVersion++;
  }

  private onEvent = (e: WorkerEvent): void => {
    switch (e.kind) {
      case 'step':
        this.globalStep = e.globalStep;
        this.totalSteps = e.stepsPerEpoch * (this.run?.epochs ?? 1);
        this.samplesPerSecond = e.samplesPerSecond;
        this.clock.add(e.globalStep, performance.now());
        this.etaSeconds = this.clock.eta(this.totalSteps);
        this.startPhase = null;
        this.stepped = true;
        this.currentLr = e.lr;
        this.curves.add(e);
        this.curvesVersion++;
        break;
      case 'epoch':
      case 'done':
        this.curves.add(e);
        this.curvesVersion++;
        break;
      case 'status':
        this.status = e.status;
        this.patchListed(e.runId, { status: e.status });
        break;
      case 'checkpoint':
        this.checkpointStep = e.globalStep;
        void this.askPersistence();
        this.patchListed(e.runId, { checkpointStep: e.globalStep });
        // The inference worker predicts from checkpoints; one is saved at each epoch's end and at the run's.
        for (const l of this.listeners) l.checkpointSaved?.();
        break;
      case 'dataset':
        this.datasetLoad = { id: e.id, loaded: e.loaded, total: e.total, stage: e.stage };
        break;
      case 'phase':
        this.startPhase = e.phase;
        break;
      case 'error':
        this.alert.report(e.message);
        break;
      default:
        // Other events (dataset imports) belong to other views.
        break;
    }
  };

  /** Keeps the listed run (history, Storage view) as true as the selected one while it trains. */
  private patchListed(id: string, patch: Partial<RunInfo>): void {
    if (this.runs.some((r) => r.id === id)) this.runs = this.runs.map((r) => (r.id === id ? { ...r, ...patch } : r));
  }

  /** Creates a run with these options (the model editor's) and starts training it. */
  async newRun(options: Parameters<RunClient['createRun']>[0]): Promise<void> {
    if (this.training) return;
    this.alert.dismiss();
    try {
      const run = await this.client.createRun(options, this.onEvent);
      await this.refreshRuns();
      await this.selectRun(run.id);
      await this.resume();
    } catch (err) {
      this.alert.report(err);
    }
  }

  private async drive(fn: (id: string) => Promise<RunInfo>): Promise<void> {
    if (!this.run || this.training) return;
    this.training = true;
    this.startPhase = 'loading';
    this.stepped = false;
    this.etaSeconds = null;
    this.clock.reset();
    this.alert.dismiss();
    try {
      const info = await fn(this.run.id);
      this.run = info;
      this.status = info.status;
    } catch (err) {
      this.alert.report(err);
      // A checkpoint found damaged (or gone) on loading: read the details again, so the view offers the way out.
      const name = (err as { name?: unknown } | null)?.name;
      if ((name === 'CorruptCheckpointError' || name === 'StorageEvictedError') && this.run)
        this.details = await this.client.runDetails(this.run.id).catch(() => this.details);
    } finally {
      this.training = false;
      this.datasetLoad = null;
      this.startPhase = null;
      await this.refreshRuns().catch(() => undefined);
      // A start that failed leaves the run interrupted (or as it was); say what is stored.
      const stored = this.runs.find((r) => r.id === this.run?.id);
      if (stored && !this.training) this.status = stored.status;
    }
  }

  resume(): Promise<void> {
    return this.drive((id) => this.client.start(id, this.onEvent));
  }

  step(): Promise<void> {
    return this.drive((id) => this.client.singleStep(id, this.onEvent));
  }

  async pause(): Promise<void> {
    await this.client.pause();
  }

  async stop(): Promise<void> {
    await this.client.stop(this.run?.id);
    if (!this.training && this.run) {
      this.status = 'stopped';
      await this.refreshRuns();
    }
  }

  /** Overlays another run's curves (dashed), or none. */
  async setCompare(id: string | null): Promise<void> {
    this.compareId = id;
    this.compare = id ? CurveStore.from((await this.client.runDetails(id)).history) : null;
  }

  /** Debug knob: the worker destroys its GPU device mid-run, to try the recovery path. */
  async simulateDeviceLoss(): Promise<void> {
    await this.client.loseDeviceForTesting();
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

  /** Starts the selected run again from step 0 with its settings (its damaged or cleared checkpoint is dropped). */
  async restartRun(id: string): Promise<void> {
    try {
      await this.client.restartRun(id);
      this.alert.dismiss();
      await this.refreshRuns();
      this.details = null;
      await this.selectRun(id);
    } catch (err) {
      this.alert.report(err);
    }
  }

  async deleteRun(id: string): Promise<void> {
    try {
      await this.client.deleteRun(id);
      if (this.run?.id === id) {
        this.run = null;
        this.setCurves(new CurveStore());
        this.status = 'idle';
      }
      await this.refreshRuns();
    } catch (err) {
      this.alert.report(err);
    }
  }
}
