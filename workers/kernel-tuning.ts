// Kernel tuning for the System view: times GEMM tile candidates for the classes training met untuned plus a
// default set, stores the winners per adapter in IndexedDB, and describes the stored table for the page.
import type { Engine } from '../src/engine/index.ts';
import { WebGPUBackend } from '../src/engine/webgpu/webgpu-backend.ts';
import {
  adapterFingerprint,
  classLabel,
  gemmDims,
  gpuTimer,
  tilesName,
  tuneProblems,
  type GemmProblem,
  type TunedClass,
} from '../src/engine/webgpu/autotune.ts';
import type { StudioDb } from '../src/storage/db.ts';
import { applyStoredTuning, loadTuning, updateTuning } from '../src/storage/kernel-tuning.ts';
import type { TuneEvent, TunedClassInfo, TuningTable } from '../src/protocol/system.ts';

/** Candidates timed per class: the cost model's best four (of eight). */
const CANDIDATES = 4;
/**
 * On a software adapter, default problems above this many FLOPs are left out: each would take a minute or more
 * there, and BENCHMARKS.md found tuning buys nothing measurable on SwiftShader anyway.
 */
const FALLBACK_MAX_FLOPS = 2 * 128 ** 3;

const matmulProblem = (m: number, k: number, n: number): GemmProblem => ({
  op: 'matmul',
  spec: {
    m,
    n,
    k,
    transA: false,
    transB: false,
    batchShape: [],
    aBatchStrides: [],
    bBatchStrides: [],
    hasBias: false,
    activation: 'none',
  },
});

/**
 * Tuned even before any training: square GEMMs (the self-test's sizes) and the transformer shapes at
 * inference (M = 1) and small batches (M = 16, 64), i.e. the benchmark's matmul rows.
 */
export const DEFAULT_TUNING_PROBLEMS: readonly GemmProblem[] = [
  ...[128, 256, 512, 1024].map((s) => matmulProblem(s, s, s)),
  ...[1, 16, 64].flatMap((m) => [matmulProblem(m, 768, 768), matmulProblem(m, 768, 3072), matmulProblem(m, 3072, 768)]),
];

const flops = (p: GemmProblem) => {
  const d = gemmDims(p);
  return 2 * d.m * d.n * d.k * d.batch;
};

function info(c: TunedClass): TunedClassInfo {
  return {
    key: c.key,
    label: classLabel(c.key),
    tiles: tilesName(c.tiles),
    modelTiles: tilesName(c.modelTiles),
    timings: c.timings.map((t) => ({ tiles: tilesName(t.tiles), ms: Number.isFinite(t.ms) ? t.ms : null })),
    method: c.method,
  };
}

/** The stored table for the engine's adapter, or null without WebGPU. */
export async function tuningTable(db: StudioDb, engine: Engine): Promise<TuningTable | null> {
  if (!(engine.backend instanceof WebGPUBackend) || !engine.adapter) return null;
  const fingerprint = adapterFingerprint(engine.adapter);
  const record = await loadTuning(db, fingerprint);
  return {
    fingerprint,
    classes: (record?.classes ?? []).map(info),
    untuned: record?.untuned.length ?? 0,
    updatedAt: record?.updatedAt ?? null,
  };
}

/**
 * Tunes the untuned classes training recorded, then the default set (on a software adapter only its small
 * problems), skipping classes already stored; stores the winners and returns the whole table.
 */
export async function tuneKernels(
  db: StudioDb,
  engine: Engine,
  onEvent?: (e: TuneEvent) => void,
  o: { defaults?: readonly GemmProblem[] } = {},
): Promise<TuningTable> {
  const backend = engine.backend;
  if (!(backend instanceof WebGPUBackend) || !engine.adapter)
    throw new Error('Kernel tuning needs WebGPU, and this browser has no usable GPU.');
  await applyStoredTuning(db, engine);
  const record = await loadTuning(db, adapterFingerprint(engine.adapter));
  const all = o.defaults ?? DEFAULT_TUNING_PROBLEMS;
  const defaults = engine.adapter.isFallbackAdapter ? all.filter((p) => flops(p) <= FALLBACK_MAX_FLOPS) : all;
  const timer = gpuTimer(backend, { warmup: 1, reps: 3 });
  const tuned = await tuneProblems(backend.tileTable, [...(record?.untuned ?? []), ...defaults], {
    timer,
    candidates: CANDIDATES,
    rounds: 2,
    onProgress: (p) => onEvent?.({ kind: 'tune', key: p.key, tiles: tilesName(p.tiles), done: p.done, total: p.total }),
  });
  await updateTuning(db, engine.adapter, { classes: tuned });
  const table = await tuningTable(db, engine);
  return table!;
}
