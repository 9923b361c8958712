// Autotuned GEMM tiles in IndexedDB: one record per adapter fingerprint (adapter identity + kernel hash), loaded
// into an engine's tile table at start-up; problem classes training met untuned are remembered for the next tuning.
import { Engine } from '../engine/engine.ts';
import { WebGPUBackend } from '../engine/webgpu/webgpu-backend.ts';
import {
  adapterFingerprint,
  gemmKernelHash,
  problemClass,
  type AdapterIdentity,
  type GemmProblem,
  type TunedClass,
} from '../engine/webgpu/autotune.ts';
import type { KernelTuningRecord, StudioDb } from './db.ts';

/**
 * The stored table for this fingerprint, or undefined (never tuned, or tuned for another adapter or kernel version).
 */
export function loadTuning(db: StudioDb, fingerprint: string): Promise<KernelTuningRecord | undefined> {
  return db.get('kernelTuning', fingerprint);
}

const identity = (a: AdapterIdentity): AdapterIdentity => ({
  vendor: a.vendor,
  architecture: a.architecture,
  device: a.device,
  description: a.description,
  isFallbackAdapter: a.isFallbackAdapter,
});
const sameAdapter = (a: AdapterIdentity, b: AdapterIdentity) => adapterFingerprint(a, '') === adapterFingerprint(b, '');

/**
 * Merges tuned classes and untuned problems into the record for `adapter` (created if missing), in one
 * transaction that also drops this adapter's records for other kernel versions (they can never match again).
 */
export async function updateTuning(
  db: StudioDb,
  adapter: AdapterIdentity,
  change: { classes?: readonly TunedClass[]; untuned?: readonly GemmProblem[] },
  kernelHash = gemmKernelHash(),
): Promise<KernelTuningRecord> {
  const fingerprint = adapterFingerprint(adapter, kernelHash);
  const tx = db.transaction('kernelTuning', 'readwrite');
  const store = tx.objectStore('kernelTuning');
  const old = await store.get(fingerprint);
  const classes = new Map((old?.classes ?? []).map((c) => [c.key, c]));
  for (const c of change.classes ?? []) classes.set(c.key, c);
  const untuned = new Map((old?.untuned ?? []).map((p) => [problemClass(p), p]));
  for (const p of change.untuned ?? []) untuned.set(problemClass(p), p);
  for (const key of classes.keys()) untuned.delete(key);
  const record: KernelTuningRecord = {
    fingerprint,
    kernelHash,
    adapter: identity(adapter),
    classes: [...classes.values()],
    untuned: [...untuned.values()],
    updatedAt: Date.now(),
  };
  for (const other of await store.getAll())
    if (other.fingerprint !== fingerprint && sameAdapter(other.adapter, adapter)) await store.delete(other.fingerprint);
  await store.put(record);
  await tx.done;
  return record;
}

/** Forgets every tuned table (the System view's reset). */
export async function clearTuning(db: StudioDb): Promise<void> {
  await db.clear('kernelTuning');
}

/** The engine's WebGPU backend and adapter, or null on the CPU backend. */
function gpuOf(engine: Engine): { backend: WebGPUBackend; adapter: AdapterIdentity } | null {
  return engine.backend instanceof WebGPUBackend && engine.adapter
    ? { backend: engine.backend, adapter: engine.adapter }
    : null;
}

/**
 * Loads the stored table for the engine's adapter into its backend (replacing what it had); resolves with the
 * number of tuned classes (0 on the CPU backend, or when nothing matches this adapter and kernel version).
 */
export async function applyStoredTuning(db: StudioDb, engine: Engine): Promise<number> {
  const gpu = gpuOf(engine);
  if (!gpu) return 0;
  const record = await loadTuning(db, adapterFingerprint(gpu.adapter));
  gpu.backend.tileTable.replace(record?.classes ?? []);
  return record?.classes.length ?? 0;
}

/** Stores the problem classes the engine met without a tuned entry, so the next tuning run times them. */
export async function rememberUntuned(db: StudioDb, engine: Engine): Promise<void> {
  const gpu = gpuOf(engine);
  if (!gpu || gpu.backend.tileTable.untuned.size === 0) return;
  await updateTuning(db, gpu.adapter, { untuned: [...gpu.backend.tileTable.untuned.values()] });
  gpu.backend.tileTable.untuned.clear();
}
