// The training worker: owns a WebGPU engine, the run being trained and the IndexedDB writes of runs and
// checkpoints. Its loop follows the run state machine (src/engine/train/run-state.ts), saves a checkpoint every N
// steps and at each epoch's end, and reports typed events to the page.
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';
import { PRESETS, presetCard, summarize } from '../src/engine/index.ts';
import { describeDataset, SETTING_RANGES } from '../src/engine/train/run-setup.ts';
import { isBusy, keepsStepping, transition, type RunPhase, type RunSignal } from '../src/engine/train/run-state.ts';
import { checkSpec } from '../src/engine/nn/spec-check.ts';
import { deviceBudget, type DeviceBudget } from '../src/engine/nn/memory-budget.ts';
import type { DatasetShape } from '../src/engine/nn/spec-fit.ts';
import { proposeModels } from '../src/engine/nn/proposals.ts';
import { BOOLEAN_FIELDS, FIELD_CHOICES, OPTIONAL_FIELDS } from '../src/engine/nn/spec.ts';
import type { ParsedDataset } from '../src/storage/dataset-loader.ts';
import { deleteRun, resetRun, saveCheckpoint, type RunRecord } from '../src/storage/db.ts';
import { captureCheckpoint } from '../src/storage/checkpoints.ts';
import { exportModelFile, exportProblems } from '../src/storage/model-export.ts';
import { rememberUntuned } from '../src/storage/kernel-tuning.ts';
import { loadDataset } from '../src/storage/dataset-loader.ts';
import { closeRun, openRun, type OpenRun } from '../src/storage/open-run.ts';
import { checkpointDamage, runDetails } from '../src/storage/run-details.ts';
import { isLiveStatus, reconcileRuns, updateRun } from '../src/storage/run-status.ts';
import {
  canContinue,
  type RunInfo,
  type RunOptions,
  type TrainingApi,
  type WorkerEvent,
} from '../src/protocol/training.ts';
import { asLogits, importTfjsModel } from '../src/interop/tfjs/index.ts';
import { storeImportedRun } from '../src/storage/imported-run.ts';
import { StoredHistory } from '../src/protocol/history.ts';
import { announceRun, heldElsewhere, holdRun, liveRuns, releaseRun } from './run-locks.ts';
import { workerHost } from './worker-host.ts';
import { newRunRecord } from './run-builder.ts';

/** An open run as this worker trains it: with its history (`run.history`, thinned in place by the curves' cap). */
interface TrainingRun extends OpenRun {
  history: StoredHistory;
}

const NAN_MESSAGE =
  'The loss became NaN or infinite, so training stopped. Lower the learning rate or check the data, then start a new run.';

let phase: RunPhase = 'idle';
/** The run this worker trains (kept between a pause and the next start, so resuming needs no reload). */
let active: TrainingRun | null = null;

const signal = (s: RunSignal) => (phase = transition(phase, s));

const host = workerHost(() => {
  // The lost device took the run's tensors with it; the next start reloads it from its checkpoint.
  active = null;
  phase = transition(phase, { type: 'crashed' });
});

function info(run: RunRecord, a?: OpenRun): RunInfo {
  return {
    id: run.id,
    name: run.name,
    presetId: run.presetId,
    datasetId: run.datasetId,
    status: run.status,
    checkpointStep: run.checkpointStep ?? null,
    epochs: run.config.epochs,
    globalStep: a?.trainer.position.globalStep ?? 0,
    stepsPerEpoch: a?.trainer.stepsPerEpoch ?? 0,
    createdAt: run.createdAt,
    exportProblems: exportProblems(run.spec),
    ...(run.importedFrom ? { importedFrom: run.importedFrom, labels: run.labels ?? null } : {}),
  };
}

/** Each parsed dataset's description (shapes, classes, token range), worked out once per parse. */
const described = new WeakMap<ParsedDataset, DatasetShape>();

/** Descriptions being worked out, so a run created while the Model view still loads its set waits for that load. */
const describing = new Map<string, Promise<DatasetShape>>();

/** What a model must match in dataset `id` (an embedded set is copied into this browser first, with events). */
function datasetShape(id: string, onEvent?: (e: WorkerEvent) => void): Promise<DatasetShape> {
  let pending = describing.get(id);
  if (!pending) {
    pending = (async () => {
      const ds = await loadDataset(await host.getDb(), id, onEvent);
      let d = described.get(ds);
      if (!d) described.set(ds, (d = describeDataset(ds, id)));
      return d;
    })().finally(() => describing.delete(id));
    describing.set(id, pending);
  }
  return pending;
}

/** Drops the loaded run from memory (a later start reads it back from its checkpoint). */
function release(): void {
  if (active) closeRun(active);
  active = null;
}

async function activate(runId: string, onEvent: (e: WorkerEvent) => void): Promise<TrainingRun> {
  if (active?.run.id === runId) return active;
  release();
  const r = await openRun(await host.getEngine(), await host.getDb(), runId, onEvent);
  active = { ...r, history: new StoredHistory(r.run.history) };
  return active;
}

async function checkpoint(a: OpenRun, onEvent: (e: WorkerEvent) => void, status: RunRecord['status']): Promise<void> {
  const ckpt = await captureCheckpoint(a.trainer, a.run.id);
  a.run.status = status;
  a.run.checkpointStep = ckpt.position.globalStep;
  await saveCheckpoint(await host.getDb(), ckpt, {
    status,
    history: a.run.history,
    checkpointStep: a.run.checkpointStep,
  });
  onEvent({ kind: 'checkpoint', runId: a.run.id, globalStep: a.run.checkpointStep });
  announceRun(a.run.id);
}

/**
 * Writes a run's status at once (training starts, or a call that trained it ended without a checkpoint), so the
 * stored status is true whenever the tab closes.
 */
async function writeStatus(run: RunRecord, status: RunRecord['status']): Promise<void> {
  run.status = status;
  await updateRun(await host.getDb(), run.id, { status });
  announceRun(run.id);
}

/** After a failed start or a crash mid-run: nothing trains the run now, so a stored created/running is untrue. */
async function interrupted(runId: string): Promise<void> {
  releaseRun(runId);
  try {
    const db = await host.getDb();
    const run = await db.get('runs', runId);
    if (run && isLiveStatus(run.status)) await updateRun(db, runId, { status: 'interrupted' });
    announceRun(runId);
    if (active?.run.id === runId && isLiveStatus(active.run.status)) active.run.status = 'interrupted';
  } catch {
    /* the next listing marks it (no lock holds it) */
  }
}

function remember(a: TrainingRun, ev: WorkerEvent): void {
  if (ev.kind === 'epoch' || ev.kind === 'done' || ev.kind === 'step') a.history.add(ev);
}

/** Marks a diverged run failed without overwriting its last good checkpoint with non-finite weights. */
async function fail(a: OpenRun, onEvent: (e: WorkerEvent) => void): Promise<RunInfo> {
  a.run.status = 'failed';
  a.trainer.stop();
  await updateRun(await host.getDb(), a.run.id, { status: 'failed', history: a.run.history, updatedAt: Date.now() });
  announceRun(a.run.id);
  onEvent({ kind: 'status', runId: a.run.id, status: 'failed' });
  const result = info(a.run, a);
  // Drop the diverged model from memory so a later call reloads the stored checkpoint.
  if (active === a) release();
  return result;
}

/** What this device allows (its buffer limit, and a memory budget from what the browser says the machine has). */
async function budget(): Promise<DeviceBudget> {
  const e = await host.getEngine();
  return deviceBudget(e.adapter?.limits ?? null, (navigator as { deviceMemory?: number }).deviceMemory);
}

/**
 * Refuses to train a run that another tab (or another worker) is training, so two never overwrite each other's
 * checkpoints, and a run that has finished (it would train on past its epochs).
 */
async function checkTrainable(runId: string): Promise<void> {
  const run = active?.run.id === runId ? active.run : await (await host.getDb()).get('runs', runId);
  if (await heldElsewhere(runId))
    throw new Error(
      `“${run?.name ?? runId}” is training in another tab or window of the studio. Switch to that tab to follow it, or pause it there first.`,
    );
  if (run?.status === 'finished')
    throw new Error(
      `“${run.name}” has finished training. Start a new run to train longer (the Train tab keeps its settings).`,
    );
}

/** Loads run `runId` and trains it for up to `maxSteps` steps, or until it ends, pauses or stops. */
async function train(runId: string, onEvent: (e: WorkerEvent) => void, maxSteps = Infinity): Promise<RunInfo> {
  // Claimed before the first await, so a second start (a double click) cannot slip in while this one loads.
  signal({ type: 'start' });
  let a: TrainingRun;
  try {
    await checkTrainable(runId);
  } catch (err) {
    // Nothing of this run was touched: another tab trains it, or it has finished.
    signal({ type: 'crashed' });
    throw err;
  }
  holdRun(runId);
  try {
    onEvent({ kind: 'phase', runId, phase: 'loading' });
    a = await activate(runId, onEvent);
    // Tiles tuned since this worker started apply from this start on.
    await host.loadTuning(await host.getEngine());
  } catch (err) {
    signal({ type: 'crashed' });
    await interrupted(runId);
    throw err;
  }
  signal({ type: 'loaded', done: a.trainer.done });
  // A pause or stop that came while the run loaded ends this call before its first step.
  if (!keepsStepping(phase)) {
    if (phase === 'stopped') await markStopped(a.run, a);
    else if (isLiveStatus(a.run.status)) await writeStatus(a.run, phase === 'finished' ? 'finished' : 'paused');
    releaseRun(runId);
    return info(a.run, a);
  }
  await writeStatus(a.run, 'running');
  onEvent({ kind: 'status', runId, status: 'running' });
  // The first step builds every GPU pipeline the model needs (cached afterwards), so it is by far the slowest.
  onEvent({ kind: 'phase', runId, phase: 'compiling' });
  const every = a.run.checkpointEvery;
  let steps = 0;
  try {
    while (!a.trainer.done && keepsStepping(phase) && steps < maxSteps) {
      const events = await a.trainer.step();
      steps++;
      let diverged = false;
      for (const ev of events) {
        if (ev.kind === 'step' && !Number.isFinite(ev.loss)) {
          onEvent({ kind: 'error', message: NAN_MESSAGE });
          diverged = true;
        }
        remember(a, ev);
        onEvent(ev);
      }
      // A diverged run keeps its last good checkpoint: only its status is saved.
      if (diverged) {
        signal({ type: 'diverged' });
        releaseRun(runId);
        return await fail(a, onEvent);
      }
      const epochEnded = events.some((ev) => ev.kind === 'epoch');
      if (epochEnded || a.trainer.position.globalStep % every === 0)
        await checkpoint(a, onEvent, a.trainer.done ? 'finished' : 'running');
    }
    signal({ type: 'exit', done: a.trainer.done });
    if (phase === 'stopped') onEvent(a.trainer.stop());
    const status: RunRecord['status'] = phase === 'stopped' ? 'stopped' : phase === 'finished' ? 'finished' : 'paused';
    await checkpoint(a, onEvent, status);
    onEvent({ kind: 'status', runId, status });
    releaseRun(runId);
    return info(a.run, a);
  } catch (err) {
    signal({ type: 'crashed' });
    await interrupted(runId);
    throw err;
  } finally {
    // The problem sizes this run met untuned are what the next "Tune kernels" times first.
    await Promise.all([host.getDb(), host.getEngine()])
      .then(([db, e]) => rememberUntuned(db, e))
      .catch(() => {});
  }
}

/** Marks a run that is not training stopped (it can no longer be resumed). */
async function markStopped(run: RunRecord, a?: OpenRun): Promise<void> {
  a?.trainer.stop();
  run.status = 'stopped';
  releaseRun(run.id);
  // A loaded run's history may hold steps since its last checkpoint; keep them with the status.
  await updateRun(await host.getDb(), run.id, {
    status: 'stopped',
    updatedAt: Date.now(),
    ...(a ? { history: run.history } : {}),
  });
  announceRun(run.id);
}

/** Checks a new run's options, its model and the model's fit to its dataset, and returns its record (not stored). */
const buildRun = async (o: RunOptions, onEvent?: (e: WorkerEvent) => void): Promise<RunRecord> =>
  newRunRecord(o, { db: await host.getDb(), budget: await budget(), datasetShape }, onEvent);

const api: TrainingApi = {
  async presets() {
    return PRESETS.map((p) => ({
      id: p.id,
      title: p.title,
      description: presetCard(p),
      dataset: p.dataset,
      params: summarize(p.spec).params,
      spec: p.spec,
      training: p.training,
    }));
  },

  settingRanges: async () => SETTING_RANGES,

  async listRuns() {
    // A run left created or running that no worker holds (its tab closed) is stored as interrupted first.
    const runs = await reconcileRuns(await host.getDb(), await liveRuns());
    return runs.reverse().map((r) => info(r));
  },

  async createRun(o, onEvent) {
    const run = await buildRun(o, onEvent);
    // Held until the run first rests, so another tab does not take a run about to start for an interrupted one.
    holdRun(run.id);
    await (await host.getDb()).put('runs', run);
    announceRun(run.id);
    return info(run);
  },

  async importTfjs(files, o, onEvent) {
    onEvent?.({ kind: 'import', stage: 'converting' });
    const imported = importTfjsModel(files);
    onEvent?.({ kind: 'import', stage: 'checking' });
    const spec = asLogits(imported.spec);
    const run = await buildRun({ ...o, presetId: undefined, spec }, onEvent).catch((err: Error) => {
      throw new Error(
        `The imported model “${spec.name}” cannot become a run on the dataset chosen in the Model tab (${o.datasetId}): ${err.message}`,
      );
    });
    onEvent?.({ kind: 'import', stage: 'storing' });
    const title = run.name.replace(/ #.*$/, '');
    const stored = await storeImportedRun(
      await host.getEngine(),
      await host.getDb(),
      {
        ...run,
        name: `${title} (imported TF.js) #${new Date(run.createdAt).toLocaleTimeString()}`,
        importedFrom: 'tfjs-layers',
        labels: imported.labels,
      },
      imported.weights,
    );
    announceRun(stored.id);
    return info(stored);
  },

  start: (runId, onEvent) => train(runId, onEvent),
  singleStep: (runId, onEvent) => train(runId, onEvent, 1),

  async pause() {
    signal({ type: 'pause' });
  },

  async stop(runId) {
    // A training loop sees the stop after its current step.
    if (isBusy(phase)) return void signal({ type: 'stop' });
    // Nothing trains: the named run (else the one loaded) is marked stopped, unless it has already ended.
    const target = runId ?? active?.run.id;
    if (target === undefined) return;
    const loaded = active?.run.id === target ? active : undefined;
    const run = loaded?.run ?? (await (await host.getDb()).get('runs', target));
    if (!run || !canContinue(run.status)) return;
    await markStopped(run, loaded);
    signal({ type: 'stop' });
  },

  phase: async () => phase,
  async checkSpec(spec, datasetId, batchSize) {
    return checkSpec(spec, datasetId ? await datasetShape(datasetId) : null, batchSize ?? 64, await budget());
  },

  async proposals(datasetId, onEvent) {
    const dataset = await datasetShape(datasetId, onEvent);
    const proposals = proposeModels(dataset).map((p) => ({ ...p, params: summarize(p.spec).params }));
    return { dataset, proposals };
  },

  fieldChoices: async () => ({ fields: FIELD_CHOICES, booleans: BOOLEAN_FIELDS, optional: OPTIONAL_FIELDS }),
  runDetails: async (runId) => runDetails(await host.getDb(), runId),

  async exportCheckpoint(runId, format = 'safetensors') {
    const db = await host.getDb();
    // The stored checkpoint is the latest: every save replaces it in the same transaction as the run's status.
    const [run, ckpt] = await Promise.all([db.get('runs', runId), db.get('checkpoints', runId)]);
    if (!run) throw new Error('This run is no longer stored (it was deleted); there is nothing to export.');
    if (!ckpt)
      throw new Error(
        `“${run.name}” has no checkpoint yet, so there are no weights to export: train it (Resume) until it saves one, at the end of an epoch or every ${run.checkpointEvery} steps.`,
      );
    // A damaged checkpoint is refused by name rather than written out as a file no loader could read.
    const damage = checkpointDamage(run, ckpt);
    if (damage) throw new Error(damage.message);
    const header = format === 'safetensors' ? undefined : (await db.get('datasetInfo', run.datasetId))?.header;
    // The PyTorch project carries the dataset, so the learner can train it elsewhere without the studio.
    const data = format === 'pytorch' ? await loadDataset(db, run.datasetId) : undefined;
    const file = exportModelFile(ckpt, run, format, header, data);
    return Comlink.transfer({ ...file, step: ckpt.position.globalStep }, [file.bytes.buffer]);
  },

  async deleteRun(runId) {
    if (active?.run.id === runId) {
      if (isBusy(phase)) throw new Error('This run is training; stop it before deleting it.');
      release();
    }
    if (await heldElsewhere(runId))
      throw new Error('This run is training in another tab or window of the studio; stop it there before deleting it.');
    releaseRun(runId);
    await deleteRun(await host.getDb(), runId);
    announceRun(runId);
  },

  async restartRun(runId) {
    if (active?.run.id === runId) {
      if (isBusy(phase)) throw new Error('This run is training; stop it before starting it again.');
      release();
    }
    if (await heldElsewhere(runId))
      throw new Error('This run is training in another tab or window of the studio; stop it there first.');
    const run = await resetRun(await host.getDb(), runId);
    announceRun(runId);
    return info(run);
  },

  async loseDeviceForTesting() {
    const device = ((await host.getEngine()).backend as { device?: GPUDevice }).device;
    if (!device) throw new Error('This engine runs without a GPU device, so there is none to lose.');
    device.destroy();
  },
};

answerPings();
Comlink.expose(api);
