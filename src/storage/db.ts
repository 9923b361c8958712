// The studio's one IndexedDB database (through idb): datasets, runs, checkpoints, settings, tuned kernel tiles and
// imported models, with a version number and an upgrade path. A checkpoint and its run's status are written in one
// transaction.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ModelSpec, TrainConfig, TrainEvent, TrainPosition } from '../engine/index.ts';
import type { PackHeader } from '../data/pack.ts';
import type { AdapterIdentity, GemmProblem, TunedClass } from '../engine/webgpu/autotune.ts';
import { StorageEvictedError, StudioUpdatedError } from './errors.ts';
import type { EngineChoice } from '../interop/load.ts';
import type { ModelSignature } from '../interop/model.ts';

export const DB_NAME = 'dl-studio';
export const DB_VERSION = 4;

export interface StoredDataset {
  id: string;
  title: string;
  source: 'embedded' | 'imported';
  count: number;
  bytes: number;
  /** The whole pack file (src/data/pack.ts format). */
  pack: ArrayBuffer;
  storedAt: number;
}

/** A dataset's pack header and sizes, kept beside the pack so listing datasets never reads the packs. */
export interface StoredDatasetInfo {
  id: string;
  title: string;
  source: 'embedded' | 'imported';
  count: number;
  bytes: number;
  storedAt: number;
  header: PackHeader;
}

export interface RunRecord {
  id: string;
  name: string;
  presetId: string | null;
  datasetId: string;
  spec: ModelSpec;
  config: TrainConfig;
  /** Samples of the training set used (a subset for quick runs), or null for all. */
  limit: number | null;
  /** Test samples used by evaluation, or null for all. */
  testLimit: number | null;
  /** Save a checkpoint every this many steps (and at each epoch's end). */
  checkpointEvery: number;
  /**
   * `interrupted`: the run was left `created` or `running` by a tab that closed (or a worker that crashed) and
   * nothing trains it now (src/storage/run-status.ts); it resumes from its checkpoint, if it has one.
   */
  status: 'created' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed' | 'interrupted';
  /** Global step of the stored checkpoint (written with it), null when none; absent on records from before. */
  checkpointStep?: number | null;
  createdAt: number;
  updatedAt: number;
  /** Epoch summaries and sparse step losses, for curves after a reload. */
  history: TrainEvent[];
  /** A model imported from another format (its weights are the run's first checkpoint); absent for the studio's own. */
  importedFrom?: 'tfjs-layers';
  /** Class names that came with an imported model (Teachable Machine's metadata.json), in output order. */
  labels?: string[] | null;
}

export interface StoredTensor {
  shape: number[];
  data: ArrayBuffer;
}

export interface CheckpointRecord {
  runId: string;
  savedAt: number;
  position: TrainPosition;
  /** Model parameters and state by name (`layers[0].kernel`). */
  tensors: Record<string, StoredTensor>;
  /** Optimizer state per parameter name (momentum, or Adam's two moments). */
  optimizer: { kind: string; step: number; state: Record<string, ArrayBuffer[]> };
}

/** The autotuner's table for one adapter and one version of the GEMM kernels (src/storage/kernel-tuning.ts). */
export interface KernelTuningRecord {
  /** adapterFingerprint(): the adapter's identity and the kernel hash. */
  fingerprint: string;
  kernelHash: string;
  adapter: AdapterIdentity;
  /** Winners per problem class, with every candidate's timing. */
  classes: TunedClass[];
  /** Problem classes training met without a tuned entry: what the next tuning run times first. */
  untuned: GemmProblem[];
  updatedAt: number;
}

/** An imported model's metadata (listing models never reads their files). */
export interface ModelRecord {
  id: string;
  /** The name the person gave it (the file name without its extension by default). */
  name: string;
  fileName: string;
  format: 'onnx';
  /** Size of the original file in bytes. */
  bytes: number;
  signature: ModelSignature;
  /** Which engine ran it when it was imported, and why not ours when not. */
  engine: EngineChoice;
  /** Class names, from the model's metadata or a labels file given with it; null when none. */
  labels: string[] | null;
  createdAt: number;
}

/** An imported model's original file, exactly as it was given (what export hands back). */
export interface ModelFileRecord {
  id: string;
  data: ArrayBuffer;
}

interface StudioSchema extends DBSchema {
  datasets: { key: string; value: StoredDataset };
  datasetInfo: { key: string; value: StoredDatasetInfo };
  runs: { key: string; value: RunRecord; indexes: { byCreated: number } };
  checkpoints: { key: string; value: CheckpointRecord };
  settings: { key: string; value: unknown };
  kernelTuning: { key: string; value: KernelTuningRecord };
  models: { key: string; value: ModelRecord; indexes: { byCreated: number } };
  modelFiles: { key: string; value: ModelFileRecord };
}

export type StudioDb = IDBPDatabase<StudioSchema>;

/** The message when an open tab of an older version holds the database and blocks its upgrade. */
export const UPGRADE_BLOCKED_MESSAGE =
  'Another tab has an older version of the studio open, which keeps your saved data from being upgraded. Close or reload the other studio tabs, then reload this one.';

/** An open tab of an older version blocks this one's upgrade (the UI tells by the name, not the message). */
export class UpgradeBlockedError extends Error {
  constructor() {
    super(UPGRADE_BLOCKED_MESSAGE);
    this.name = 'UpgradeBlockedError';
  }
}

function upgradeSchema(db: IDBPDatabase<StudioSchema>, oldVersion: number): void {
  // Each step upgrades from one version to the next, so any old database reaches the current shape.
  if (oldVersion < 1) {
    db.createObjectStore('datasets', { keyPath: 'id' });
    db.createObjectStore('runs', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    db.createObjectStore('checkpoints', { keyPath: 'runId' });
    db.createObjectStore('settings');
  }
  // v2: dataset headers beside the packs (filled in for older datasets the first time they are listed).
  if (oldVersion < 2) db.createObjectStore('datasetInfo', { keyPath: 'id' });
  // v3: autotuned GEMM tiles, one record per adapter fingerprint.
  if (oldVersion < 3) db.createObjectStore('kernelTuning', { keyPath: 'fingerprint' });
  // v4: imported models: metadata apart from the files, so listing them reads no model bytes.
  if (oldVersion < 4) {
    db.createObjectStore('models', { keyPath: 'id' }).createIndex('byCreated', 'createdAt');
    db.createObjectStore('modelFiles', { keyPath: 'id' });
  }
}

/**
 * The connection with every call checked first: once it was closed for a newer version (`blocking`) or by the
 * browser (`terminated`: the site's data was cleared), a call throws a typed error with a sentence instead of
 * IndexedDB's raw InvalidStateError ("The database connection is closing").
 */
function guarded(db: StudioDb, closed: () => Error | null): StudioDb {
  return new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const reason = prop === 'close' ? null : closed();
        if (reason) throw reason;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/**
 * Opens (and creates or upgrades) the database. This connection closes itself when a newer version of the
 * studio wants to upgrade, so an old tab never blocks a new one, and every later call on it throws
 * StudioUpdatedError; if the browser closes it or the database is deleted (the site's data was cleared), later calls
 * throw StorageEvictedError.
 * If an older tab still blocks this one's upgrade, the open fails with UPGRADE_BLOCKED_MESSAGE instead of waiting.
 */
export async function openStudioDb(name = DB_NAME): Promise<StudioDb> {
  let db: StudioDb | null = null;
  let closedBy: Error | null = null;
  let failBlocked: (e: Error) => void = () => {};
  const blocked = new Promise<never>((_, reject) => (failBlocked = reject));
  const opening = openDB<StudioSchema>(name, DB_VERSION, {
    upgrade: upgradeSchema,
    blocked: () => failBlocked(new UpgradeBlockedError()),
    // A newer version upgrading, or (no new version) the database being deleted: the site's data cleared.
    blocking: (_current, next) => {
      closedBy ??= next === null ? new StorageEvictedError('The studio’s saved data') : new StudioUpdatedError();
      db?.close();
    },
    terminated: () => (closedBy ??= new StorageEvictedError('The studio’s saved data')),
  });
  try {
    db = await Promise.race([opening, blocked]);
  } catch (err) {
    // If the other tab closes later, the open still completes: close that late connection.
    void opening.then(
      (late) => late.close(),
      () => {},
    );
    throw err;
  }
  return guarded(db, () => closedBy);
}

/**
 * Writes that must survive a power cut once they report success (checkpoints, imported datasets, deletions): the
 * browser flushes them to disk before the transaction completes instead of leaving them in the OS cache.
 */
export const STRICT = { durability: 'strict' } as const;

/** Stores a checkpoint and updates its run in one transaction: a crash leaves the previous checkpoint whole. */
export async function saveCheckpoint(db: StudioDb, ckpt: CheckpointRecord, run: Partial<RunRecord>): Promise<void> {
  const tx = db.transaction(['checkpoints', 'runs'], 'readwrite', STRICT);
  const runs = tx.objectStore('runs');
  const current = await runs.get(ckpt.runId);
  if (!current) {
    tx.abort();
    throw new Error(`run ${ckpt.runId} does not exist`);
  }
  await Promise.all([
    tx.objectStore('checkpoints').put(ckpt),
    runs.put({ ...current, ...run, updatedAt: Date.now() }),
    tx.done,
  ]);
}

/** Stores a new run with its first checkpoint in one transaction (an import): both are stored, or neither. */
export async function addRunWithCheckpoint(db: StudioDb, run: RunRecord, ckpt: CheckpointRecord): Promise<void> {
  const tx = db.transaction(['checkpoints', 'runs'], 'readwrite', STRICT);
  await Promise.all([tx.objectStore('runs').add(run), tx.objectStore('checkpoints').put(ckpt), tx.done]);
}

/** Deletes a run and its checkpoint together. */
export async function deleteRun(db: StudioDb, runId: string): Promise<void> {
  const tx = db.transaction(['checkpoints', 'runs'], 'readwrite', STRICT);
  await Promise.all([tx.objectStore('checkpoints').delete(runId), tx.objectStore('runs').delete(runId), tx.done]);
}

/**
 * Starts a run again from step 0 with the same settings: its checkpoint and curves are removed and it is `paused` at
 * step 0 (resting, so no lock is needed; Resume trains it from the start), in one transaction. What the page offers
 * for a run whose only checkpoint is damaged or was cleared (only the latest checkpoint is kept).
 */
export async function resetRun(db: StudioDb, runId: string): Promise<RunRecord> {
  const tx = db.transaction(['checkpoints', 'runs'], 'readwrite', STRICT);
  const runs = tx.objectStore('runs');
  const current = await runs.get(runId);
  if (!current) {
    tx.abort();
    await tx.done.catch(() => {});
    throw new Error(`There is no run with id ${runId}; it may have been deleted.`);
  }
  const reset: RunRecord = { ...current, status: 'paused', checkpointStep: null, history: [], updatedAt: Date.now() };
  await Promise.all([tx.objectStore('checkpoints').delete(runId), runs.put(reset), tx.done]);
  return reset;
}
