// The trainer worker: owns a WebGPU engine, the active run's model and trainer, and the IndexedDB writes.
// It loads datasets, trains in a loop that can be paused, resumed, stopped or single-stepped, saves a
// checkpoint every N steps and at each epoch's end, and reports typed events to the page.
import * as Comlink from 'comlink';
import { Engine, Model, PRESETS, Trainer, summarize, perplexity, type ArrayDataset } from '../src/engine/index.ts';
import { floatFeatures, head } from '../src/data/split.ts';
import { openStudioDb, saveCheckpoint, type RunRecord, type StudioDb } from '../src/storage/db.ts';
import { captureCheckpoint, checkpointToSafetensors, restoreCheckpoint } from '../src/storage/checkpoints.ts';
import { applyStoredTuning, rememberUntuned } from '../src/storage/kernel-tuning.ts';
import type { EvalResult, PresetInfo, RunInfo, RunOptions, TrainerApi, WorkerEvent } from '../src/protocol/trainer.ts';
import { loadDataset } from './datasets.ts';
import { checkSpec, generateNames, runDetails, weightHistograms } from './studio-extras.ts';
import { attentionMaps, featureMaps } from './inspect.ts';
import { importDataset, listDatasets, previewCsvFile, removeDataset } from './import.ts';
import {
  DEFAULT_VALIDATION_SPLIT,
  checkFits,
  defaultTraining,
  runLimits,
  trainConfig,
  trainValidation,
} from './run-setup.ts';
import { datasetSamples } from './dataset-samples.ts';
import { exportStoredDataset } from './dataset-export.ts';
import { classifyText, datasetHeader } from './text-classify.ts';
import type { PackHeader } from '../src/data/pack.ts';
import { gradientHistograms, testSample } from './gradients.ts';

interface Active {
  run: RunRecord;
  model: Model;
  trainer: Trainer;
  test: ArrayDataset;
  /** The dataset's pack header (vocabulary, class names), null for generated toy sets. */
  header: PackHeader | null;
}

let engine: Promise<Engine> | null = null;
let database: Promise<StudioDb> | null = null;
let active: Active | null = null;
let mode: 'idle' | 'running' | 'pause' | 'stop' = 'idle';
/** A start is loading its run (between the start call and the first step); a pause in that window cancels it. */
let starting = false;
let pauseWhileStarting = false;
const MAX_HISTORY_STEPS = 2000;

const getEngine = () =>
  (engine ??= Engine.create().then(async (e) => {
    // After a lost device the next call builds a fresh engine and reloads the run from its checkpoint.
    e.onDeviceLost(() => {
      engine = null;
      active = null;
      mode = 'idle';
    });
    // GEMM tiles tuned for this GPU (System view); without a stored table the kernels' cost model decides.
    await loadTuning(e);
    return e;
  }));
/** Loads the stored tile table for this GPU; a storage failure only means the cost model's tiles. */
const loadTuning = async (e: Engine) => {
  try {
    await applyStoredTuning(await getDb(), e);
  } catch {
    /* untuned is still correct */
  }
};
const getDb = () => (database ??= openStudioDb());

function info(run: RunRecord, trainer?: Trainer): RunInfo {
  return {
    id: run.id,
    name: run.name,
    presetId: run.presetId,
    datasetId: run.datasetId,
    status: run.status,
    epochs: run.config.epochs,
    globalStep: trainer?.position.globalStep ?? 0,
    stepsPerEpoch: trainer?.stepsPerEpoch ?? 0,
    createdAt: run.createdAt,
  };
}

async function activate(runId: string, onEvent?: (e: WorkerEvent) => void): Promise<Active> {
  if (active?.run.id === runId) return active;
  if (active) {
    active.trainer.dispose();
    active.model.dispose();
    active = null;
  }
  const db = await getDb();
  const run = await db.get('runs', runId);
  if (!run) throw new Error(`There is no run with id ${runId}; it may have been deleted.`);
  const e = await getEngine();
  const ds = await loadDataset(db, run.datasetId, onEvent);
  const all = run.limit ? head(ds.train, run.limit) : ds.train;
  const [train, val] = trainValidation(all, run.config.validationSplit ?? DEFAULT_VALIDATION_SPLIT, run.config.seed);
  const model = new Model(e, run.spec);
  const trainer = new Trainer(e, model, run.config, train, val);
  const ckpt = await db.get('checkpoints', runId);
  if (ckpt) restoreCheckpoint(trainer, ckpt);
  active = { run, model, trainer, test: ds.test, header: ds.header };
  return active;
}

async function checkpoint(a: Active, onEvent: (e: WorkerEvent) => void, status: RunRecord['status']): Promise<void> {
  const db = await getDb();
  a.run.status = status;
  await saveCheckpoint(db, await captureCheckpoint(a.trainer, a.run.id), { status, history: a.run.history });
  onEvent({ kind: 'checkpoint', runId: a.run.id, globalStep: a.trainer.position.globalStep });
}

function remember(a: Active, ev: WorkerEvent): void {
  if (ev.kind === 'epoch' || ev.kind === 'done') a.run.history.push(ev);
  else if (ev.kind === 'step' && a.run.history.length < MAX_HISTORY_STEPS) a.run.history.push(ev);
}

const currentMode = (): typeof mode => mode;

/** Marks a diverged run failed without overwriting its last good checkpoint with non-finite weights. */
async function fail(a: Active, onEvent: (e: WorkerEvent) => void): Promise<RunInfo> {
  a.run.status = 'failed';
  a.trainer.stop();
  const db = await getDb();
  await db.put('runs', { ...a.run, updatedAt: Date.now() });
  onEvent({ kind: 'status', runId: a.run.id, status: 'failed' });
  const result = info(a.run, a.trainer);
  // Drop the diverged model from memory so a later call reloads the stored checkpoint.
  a.trainer.dispose();
  a.model.dispose();
  if (active === a) active = null;
  return result;
}

async function train(runId: string, onEvent: (e: WorkerEvent) => void, maxSteps = Infinity): Promise<RunInfo> {
  if (mode === 'running' || starting) throw new Error('A run is already training; pause or stop it first.');
  // Claimed before the first await, so a second start (a double click) cannot slip in while this one loads.
  starting = true;
  pauseWhileStarting = false;
  let a: Active;
  let e: Engine;
  try {
    a = await activate(runId, onEvent);
    if (a.trainer.done) return info(a.run, a.trainer);
    e = await getEngine();
    // Tiles tuned since this worker started apply from this start on.
    await loadTuning(e);
  } finally {
    starting = false;
  }
  if (pauseWhileStarting) {
    pauseWhileStarting = false;
    return info(a.run, a.trainer);
  }
  mode = 'running';
  a.run.status = 'running';
  onEvent({ kind: 'status', runId, status: 'running' });
  const every = a.run.checkpointEvery;
  let steps = 0;
  let failed = false;
  try {
    while (!a.trainer.done && mode === 'running' && steps < maxSteps) {
      const events = await a.trainer.step();
      steps++;
      for (const ev of events) {
        if (ev.kind === 'step' && !Number.isFinite(ev.loss)) {
          const msg =
            'The loss became NaN or infinite, so training stopped. Lower the learning rate or check the data, then start a new run.';
          onEvent({ kind: 'error', message: msg });
          failed = true;
        }
        remember(a, ev);
        onEvent(ev);
      }
      // A diverged run keeps its last good checkpoint: only its status is saved.
      if (failed) return await fail(a, onEvent);
      const epochEnded = events.some((ev) => ev.kind === 'epoch');
      if (epochEnded || a.trainer.position.globalStep % every === 0)
        await checkpoint(a, onEvent, a.trainer.done ? 'finished' : 'running');
    }
    // pause() and stop() change `mode` while the loop awaits, so read it as its declared type.
    const stopped = currentMode() === 'stop';
    if (stopped) onEvent(a.trainer.stop());
    const status: RunRecord['status'] = a.trainer.done ? (stopped ? 'stopped' : 'finished') : 'paused';
    await checkpoint(a, onEvent, status);
    onEvent({ kind: 'status', runId, status });
    return info(a.run, a.trainer);
  } finally {
    mode = 'idle';
    // The problem sizes this run met untuned are what the next "Tune kernels" times first.
    await getDb()
      .then((db) => rememberUntuned(db, e))
      .catch(() => {});
  }
}

const api: TrainerApi = {
  async presets(): Promise<PresetInfo[]> {
    return PRESETS.map((p) => ({
      id: p.id,
      title: p.title,
      description: p.description,
      dataset: p.dataset,
      params: summarize(p.spec).params,
      spec: p.spec,
      training: p.training,
    }));
  },

  async listRuns(): Promise<RunInfo[]> {
    const runs = await (await getDb()).getAllFromIndex('runs', 'byCreated');
    return runs.reverse().map((r) => info(r));
  },

  async createRun(o: RunOptions, onEvent?: (e: WorkerEvent) => void): Promise<RunInfo> {
    const preset = o.presetId === undefined ? null : PRESETS.find((p) => p.id === o.presetId);
    if (preset === undefined)
      throw new Error(`Unknown preset "${o.presetId}". Choose one of: ${PRESETS.map((p) => p.id).join(', ')}.`);
    const datasetId = o.datasetId ?? preset?.dataset;
    const spec = o.spec ?? preset?.spec;
    if (!datasetId || !spec) throw new Error('Choose a preset, or both a dataset and a model to train on it.');
    const db = await getDb();
    const ds = await loadDataset(db, datasetId, onEvent);
    if (o.spec) {
      const check = checkSpec(o.spec);
      if (!check.ok)
        throw new Error(`The model cannot be built: ${check.error?.path ?? 'model'}: ${check.error?.message}`);
    }
    if (o.spec || o.datasetId) checkFits(spec, ds, ds.header?.title ?? datasetId);
    const config = trainConfig(o, preset ? preset.training : defaultTraining(ds), ds.header?.ignoreIndex ?? -100);
    const { limit, testLimit, checkpointEvery } = runLimits(o);
    const now = Date.now();
    const run: RunRecord = {
      id: crypto.randomUUID(),
      name: `${preset?.title ?? `${spec.name} on ${ds.header?.title ?? datasetId}`} #${new Date(now).toLocaleTimeString()}`,
      presetId: preset?.id ?? null,
      datasetId,
      spec,
      config,
      limit,
      testLimit,
      checkpointEvery,
      status: 'created',
      createdAt: now,
      updatedAt: now,
      history: [],
    };
    await db.put('runs', run);
    return info(run);
  },

  start: (runId, onEvent) => train(runId, onEvent),
  singleStep: (runId, onEvent) => train(runId, onEvent, 1),

  async pause() {
    if (mode === 'running') mode = 'pause';
    else if (starting) pauseWhileStarting = true;
  },

  async stop() {
    if (mode === 'running') mode = 'stop';
    else if (active) {
      active.trainer.stop();
      active.run.status = 'stopped';
      const db = await getDb();
      await db.put('runs', { ...active.run, updatedAt: Date.now() });
    }
  },

  async evaluate(runId: string): Promise<EvalResult> {
    const a = await activate(runId);
    const limit = a.run.testLimit;
    const test = limit ? head(a.test, limit) : a.test;
    const r = await a.trainer.evaluate(test);
    return {
      loss: r.loss,
      report: r.report,
      perplexity:
        a.run.spec.input.dtype === 'i32' && a.run.config.loss === 'softmaxCrossEntropy' ? perplexity(r.loss) : null,
      count: test.count,
    };
  },

  async predict(runId: string, input: Float32Array | Int32Array, count: number): Promise<Float32Array> {
    const a = await activate(runId);
    const out = await a.trainer.predict(input, count);
    return Comlink.transfer(out, [out.buffer]);
  },

  async exportCheckpoint(runId: string): Promise<Uint8Array> {
    const db = await getDb();
    const [run, ckpt] = await Promise.all([db.get('runs', runId), db.get('checkpoints', runId)]);
    if (!run || !ckpt) throw new Error('This run has no checkpoint yet: train at least one step first.');
    const bytes = checkpointToSafetensors(ckpt, run.spec);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },

  checkSpec: async (spec) => checkSpec(spec),
  runDetails: async (runId) => runDetails(await getDb(), runId),
  async generate(runId, options) {
    const a = await activate(runId);
    return generateNames(a.trainer, a.model, options);
  },
  async classifyText(runId, text) {
    const a = await activate(runId);
    return classifyText(a.trainer, a.run.spec, await datasetHeader(await getDb(), a.run.datasetId), text);
  },
  weightHistograms: async (runId) => weightHistograms((await activate(runId)).model),
  async gradientHistograms(runId, source) {
    const a = await activate(runId);
    return gradientHistograms(
      await getEngine(),
      a.model,
      a.run.config,
      { train: a.trainer.train, test: a.test, testLimit: a.run.testLimit },
      source,
    );
  },
  async testSample(runId, index) {
    const a = await activate(runId);
    const s = testSample(a.test, a.run.testLimit, index, a.header);
    return Comlink.transfer(s, [s.x.buffer, s.y.buffer]);
  },
  featureMaps: async (runId, input) => featureMaps(await getEngine(), (await activate(runId)).model, input),
  attentionMaps: async (runId, tokens) => attentionMaps(await getEngine(), (await activate(runId)).model, tokens),
  async samples(runId, count) {
    const t = head((await activate(runId)).test, count);
    return { x: floatFeatures(t).slice(), xShape: t.xShape, y: t.y.slice(), count: t.count };
  },
  async loseDeviceForTesting() {
    const device = ((await getEngine()).backend as { device?: GPUDevice }).device;
    if (!device) throw new Error('This engine runs without a GPU device, so there is none to lose.');
    device.destroy();
  },
  async deleteRun(runId) {
    if (active?.run.id === runId) {
      if (mode === 'running') throw new Error('This run is training; stop it before deleting it.');
      active.trainer.dispose();
      active.model.dispose();
      active = null;
    }
    const db = await getDb();
    await db.delete('checkpoints', runId);
    await db.delete('runs', runId);
  },
  importDataset: async (request, onProgress) => importDataset(await getDb(), request, onProgress),
  previewCsv: (file) => previewCsvFile(file),
  listDatasets: async () => listDatasets(await getDb()),
  deleteDataset: async (id) => removeDataset(await getDb(), id),
  async datasetSamples(id, split, offset, count, onEvent) {
    const s = await datasetSamples(await getDb(), id, split, offset, count, onEvent);
    return Comlink.transfer(s, [s.x.buffer, s.y.buffer]);
  },
  async exportDataset(id, onProgress) {
    const out = await exportStoredDataset(await getDb(), id, onProgress);
    return Comlink.transfer(out, [out.bytes.buffer]);
  },
};

Comlink.expose(api);
