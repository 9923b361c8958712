// The GEMM tile autotuner: for each problem class (op, transposes, log2 buckets of M, N, K and batch) it
// times the cost model's few best tile shapes on this adapter and keeps the fastest in a TileTable, which
// the WebGPU backend consults before falling back to the cost model. Persistence lives in src/storage.
import {
  MATMUL_THREAD_TILE,
  MATMUL_TILE_CANDIDATES,
  matmulKernel,
  matmulProgram,
  rankGemmTiles,
  type GemmProblem,
  type MatmulTiles,
} from '../../../kernels/matmul/matmul.ts';
import {
  conv2dFilterGradKernel,
  conv2dInputGradKernel,
  conv2dKernel,
  conv2dProgram,
  convGemmDims,
  rankConvTiles,
  type Conv2dGeometry,
} from '../../../kernels/conv2d/conv2d.ts';
import type { AdapterReport } from './device.ts';
import type { Storage } from '../backend.ts';
import type { WebGPUBackend } from './webgpu-backend.ts';
import { uniformValues } from '../../../kernels/common/random.mjs';
import { sizeOf } from '../shape.ts';

export type { GemmProblem };

/** The GEMM a problem runs: M, N, K and the number of independent GEMMs (batch, or conv groups). */
export function gemmDims(p: GemmProblem): { m: number; n: number; k: number; batch: number } {
  if (p.op === 'matmul') return { m: p.spec.m, n: p.spec.n, k: p.spec.k, batch: sizeOf(p.spec.batchShape) };
  return { ...convGemmDims(p.geometry, p.mode), batch: p.geometry.groups };
}

const log2Bucket = (x: number) => (x <= 1 ? 0 : Math.ceil(Math.log2(x)));

/**
 * The class a problem belongs to: its op (with a matmul's transposes, which change the load pattern) and
 * ⌈log2⌉ of M, N, K and batch. Shapes in one class share a winner; e.g. 768 and 1000 both land in bucket 10.
 */
export function problemClass(p: GemmProblem): string {
  const d = gemmDims(p);
  const op = p.op === 'matmul' ? `matmul${p.spec.transA ? '.tA' : ''}${p.spec.transB ? '.tB' : ''}` : `conv.${p.mode}`;
  return `${op} m${log2Bucket(d.m)} n${log2Bucket(d.n)} k${log2Bucket(d.k)} b${log2Bucket(d.batch)}`;
}

/** A problem class in words, e.g. `matmul (Bᵀ), M ≤ 128, N ≤ 1024, K ≤ 1024` or `conv filter grad, M = 1, …`. */
export function classLabel(key: string): string {
  const [op, ...dims] = key.split(' ');
  const ops: Record<string, string> = {
    matmul: 'matmul',
    'matmul.tA': 'matmul (Aᵀ)',
    'matmul.tB': 'matmul (Bᵀ)',
    'matmul.tA.tB': 'matmul (Aᵀ, Bᵀ)',
    'conv.forward': 'conv forward',
    'conv.inputGrad': 'conv input grad',
    'conv.filterGrad': 'conv filter grad',
  };
  const parts = dims.map((d) => {
    const e = Number(d.slice(1));
    const name = d[0] === 'b' ? 'batch' : d[0].toUpperCase();
    return e === 0 ? `${name} = 1` : `${name} ≤ ${2 ** e}`;
  });
  return [ops[op] ?? op, ...parts.filter((p) => p !== 'batch = 1')].join(', ');
}

/** A short name of a tile shape: output tile M×N and the K step, e.g. `64x64 k16`. */
export const tilesName = (t: MatmulTiles) => `${t.wgY * MATMUL_THREAD_TILE}x${t.wgX * MATMUL_THREAD_TILE} k${t.tileK}`;

/** How a class was timed: GPU timestamps around one compute pass, wall clock to a finished queue, or a test's timer. */
export type TimingMethod = 'timestamp' | 'wall-clock' | 'injected';

/** The autotuner's verdict on one problem class. */
export interface TunedClass {
  key: string;
  /** The problem that was timed (the first of its class that was met). */
  problem: GemmProblem;
  /** The winner. */
  tiles: MatmulTiles;
  /** What the cost model would have picked (the first candidate tried). */
  modelTiles: MatmulTiles;
  /** Median milliseconds per candidate, in the order tried (cost-model order); Infinity where a candidate failed. */
  timings: { tiles: MatmulTiles; ms: number }[];
  method: TimingMethod;
}

/** Most untuned classes remembered (a model meets a few dozen at most; this bounds odd workloads). */
const MAX_UNTUNED = 256;

/**
 * Tuned tiles by problem class, consulted by the backend on every matmul and convolution. Lookups that
 * find no entry remember the problem in `untuned`, so tuning can later target what the user actually ran.
 */
export class TileTable {
  readonly classes = new Map<string, TunedClass>();
  readonly untuned = new Map<string, GemmProblem>();
  /** Lookups answered from the table, for tests and debug output. */
  hits = 0;

  constructor(entries: Iterable<TunedClass> = []) {
    for (const e of entries) this.classes.set(e.key, e);
  }

  /** The tuned tiles of `p`'s class, or undefined (the caller falls back to the cost model). */
  lookup(p: GemmProblem): MatmulTiles | undefined {
    const key = problemClass(p);
    const hit = this.classes.get(key);
    if (hit) {
      this.hits++;
      return hit.tiles;
    }
    if (!this.untuned.has(key) && this.untuned.size < MAX_UNTUNED) this.untuned.set(key, structuredClone(p));
    return undefined;
  }

  set(entry: TunedClass): void {
    this.classes.set(entry.key, entry);
    this.untuned.delete(entry.key);
  }

  /** Replaces every entry (after loading a stored table). */
  replace(entries: Iterable<TunedClass>): void {
    this.classes.clear();
    for (const e of entries) this.set(e);
  }

  entries(): TunedClass[] {
    return [...this.classes.values()];
  }
}

/** Times one candidate on one problem and resolves with milliseconds (lower wins). */
export type Measure = (p: GemmProblem, tiles: MatmulTiles) => Promise<number>;

/** What the tuner times with: the GPU (gpuTimer) or, in tests, injected timings. */
export interface Timer {
  measure: Measure;
  /** How it times (recorded in each verdict); read after the class's candidates were timed. */
  readonly method: TimingMethod;
}

export interface TuneOptions {
  timer: Timer;
  /** How many of the cost model's best candidates to time (default 4). */
  candidates?: number;
  /**
   * Rounds over the candidates (default 1): each round times every candidate once, round-robin, so a change
   * in load (a shared machine, a GPU clocking up) hits all of them; a candidate keeps its fastest round.
   */
  rounds?: number;
  /**
   * How much faster than the cost model's pick another candidate must be to replace it (default 0.1 = 10 %):
   * smaller differences are within timing noise, and a wrong override can cost more than it could gain.
   */
  margin?: number;
  /** Called before each candidate is timed. */
  onProgress?: (e: TuneProgress) => void;
}

export interface TuneProgress {
  key: string;
  tiles: MatmulTiles;
  /** Timings done so far and in all (candidates × rounds, over every class of this tuning run). */
  done: number;
  total: number;
}

/** The candidates worth timing for `p`: the cost model's `count` best, best first. */
export function tuningCandidates(p: GemmProblem, count = 4): MatmulTiles[] {
  const d = gemmDims(p);
  const ranked = p.op === 'conv' ? rankConvTiles(p.geometry, p.mode) : rankGemmTiles(d.m, d.n, d.k, d.batch);
  return ranked.slice(0, Math.max(1, Math.min(count, MATMUL_TILE_CANDIDATES.length)));
}

/**
 * Picks the fastest finite timing; ties and failures keep the earlier (cost-model preferred) candidate, and
 * the first (the cost model's pick) stays unless the fastest beats it by more than `margin` (a fraction).
 */
export function pickFastest(timings: readonly { tiles: MatmulTiles; ms: number }[], margin = 0): MatmulTiles {
  let best = timings[0];
  for (const t of timings) if (Number.isFinite(t.ms) && !(t.ms >= best.ms)) best = t;
  const model = timings[0];
  if (best !== model && Number.isFinite(model.ms) && best.ms > model.ms * (1 - margin)) return model.tiles;
  return best.tiles;
}

/**
 * Times the candidates of each problem's class (skipping classes already in `table`) and stores the winners; returns
 * them.
 */
export async function tuneProblems(
  table: TileTable,
  problems: readonly GemmProblem[],
  o: TuneOptions,
): Promise<TunedClass[]> {
  const todo = new Map<string, GemmProblem>();
  for (const p of problems) {
    const key = problemClass(p);
    if (!table.classes.has(key) && !todo.has(key)) todo.set(key, p);
  }
  const plans = [...todo].map(([key, p]) => ({ key, p, candidates: tuningCandidates(p, o.candidates) }));
  const rounds = Math.max(1, o.rounds ?? 1);
  const total = plans.reduce((s, x) => s + x.candidates.length, 0) * rounds;
  let done = 0;
  const tuned: TunedClass[] = [];
  for (const { key, p, candidates } of plans) {
    const timings: TunedClass['timings'] = candidates.map((tiles) => ({ tiles, ms: Infinity }));
    for (let r = 0; r < rounds; r++) {
      for (const t of timings) {
        o.onProgress?.({ key, tiles: t.tiles, done, total });
        let ms: number;
        try {
          ms = await o.timer.measure(p, t.tiles);
        } catch {
          ms = Infinity; // a candidate this adapter cannot run simply loses
        }
        if (Number.isFinite(ms) && ms >= 0) t.ms = Math.min(t.ms, ms);
        done++;
      }
    }
    // No candidate ran (a lost device, say): leave the class to the cost model and untuned rather than store a guess.
    if (!timings.some((t) => Number.isFinite(t.ms))) continue;
    const entry: TunedClass = {
      key,
      problem: structuredClone(p),
      tiles: pickFastest(timings, o.margin ?? 0.1),
      modelTiles: candidates[0],
      timings,
      method: o.timer.method,
    };
    table.set(entry);
    tuned.push(entry);
  }
  return tuned;
}

// ── timing on the GPU ────────────────────────────────────────────────────────────

export interface GpuMeasureOptions {
  /** Untimed runs first (they also compile the pipeline). Default 1. */
  warmup?: number;
  /** Timed runs; the median is kept. Default 5. */
  reps?: number;
  /** Use GPU timestamps when the device has 'timestamp-query' (default true). */
  timestamps?: boolean;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Element counts of a problem's inputs, in the order the backend takes them. */
function inputSizes(p: GemmProblem): number[] {
  if (p.op === 'matmul') {
    const s = p.spec;
    const span = (strides: readonly number[]) => s.batchShape.reduce((acc, d, i) => acc + (d - 1) * strides[i], 0);
    return [span(s.aBatchStrides) + s.m * s.k, span(s.bBatchStrides) + s.k * s.n, ...(s.hasBias ? [s.n] : [])];
  }
  const g = p.geometry;
  const x = g.n * g.h * g.w * g.cin;
  const w = g.kh * g.kw * (g.cin / g.groups) * g.cout;
  const dy = g.n * g.oh * g.ow * g.cout;
  return p.mode === 'forward' ? [x, w] : p.mode === 'inputGrad' ? [dy, w] : [x, dy];
}

/** Records the problem once through the backend's own entry point (so split-K and its reduction count). */
function record(backend: WebGPUBackend, p: GemmProblem, ins: Storage[]): Storage[] {
  if (p.op === 'matmul') return backend.run(matmulKernel, [ins[0], ins[1], ins[2] ?? null], p.spec);
  const g = p.geometry;
  if (p.mode === 'forward') return backend.run(conv2dKernel, [ins[0], ins[1], null], { g, activation: 'none' });
  if (p.mode === 'inputGrad') return backend.run(conv2dInputGradKernel, [ins[0], ins[1]], g);
  return backend.run(conv2dFilterGradKernel, [ins[0], ins[1]], g);
}

/**
 * A timer that runs the problem on `backend` with the tiles forced: warm-ups, then the median of `reps`
 * runs, each timed by GPU timestamps around its own compute pass when the device has 'timestamp-query',
 * otherwise by wall clock from recording to a finished queue (one sync per run). If the first timestamped
 * warm-up reads no time (quantised or unsupported timestamps), the timer switches to wall clock for good,
 * so every candidate of a class is timed the same way.
 */
export function gpuTimer(backend: WebGPUBackend, o: GpuMeasureOptions = {}): Timer {
  const warmup = Math.max(1, o.warmup ?? 1);
  const reps = Math.max(1, o.reps ?? 5);
  let stamps = (o.timestamps ?? true) && backend.device.features.has('timestamp-query');
  let probed = false;
  const measure: Measure = async (p, tiles) => {
    const ins = inputSizes(p).map((n, i) => {
      const s = backend.allocate(n * 4, 'autotune input');
      backend.write(s, uniformValues(n, 7 + i, -1, 1), 'f32');
      return s;
    });
    // Forced only while recording (synchronously), so other work on this engine keeps its own tiles.
    const once = () => {
      const saved = backend.forceTiles;
      backend.forceTiles = tiles;
      try {
        record(backend, p, ins).forEach((s) => backend.free(s));
      } finally {
        backend.forceTiles = saved;
      }
    };
    try {
      for (let i = 0; i < warmup; i++) {
        once();
        await backend.sync();
      }
      if (stamps && !probed) {
        probed = true;
        const ms = await backend.runner.timePass(once);
        await backend.runner.checkErrors();
        if (!(ms > 0 && Number.isFinite(ms))) stamps = false;
      }
      const samples: number[] = [];
      for (let i = 0; i < reps; i++) {
        if (stamps) {
          const ms = await backend.runner.timePass(once);
          await backend.runner.checkErrors();
          samples.push(ms);
        } else {
          const t0 = performance.now();
          once();
          await backend.sync();
          samples.push(performance.now() - t0);
        }
      }
      return median(samples);
    } finally {
      ins.forEach((s) => backend.free(s));
    }
  };
  return {
    measure,
    get method(): TimingMethod {
      return stamps ? 'timestamp' : 'wall-clock';
    },
  };
}

// ── identity of a table ──────────────────────────────────────────────────────────

/** FNV-1a, 32 bits, as 8 hex digits: enough to notice that a kernel changed. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

let cachedKernelHash: string | null = null;

/**
 * A hash of everything a tuned choice depends on besides the adapter: the WGSL of the matmul and conv
 * kernels and the candidate list. A changed kernel gets a new hash, so stored tables stop matching.
 */
export function gemmKernelHash(): string {
  if (cachedKernelHash) return cachedKernelHash;
  const mm = matmulProgram({
    m: 1,
    n: 1,
    k: 1,
    transA: false,
    transB: false,
    batchShape: [],
    aBatchStrides: [],
    bBatchStrides: [],
    hasBias: false,
    activation: 'none',
  });
  const g: Conv2dGeometry = {
    n: 1,
    h: 1,
    w: 1,
    cin: 1,
    cout: 1,
    kh: 1,
    kw: 1,
    strideH: 1,
    strideW: 1,
    dilH: 1,
    dilW: 1,
    padTop: 0,
    padLeft: 0,
    oh: 1,
    ow: 1,
    groups: 1,
  };
  cachedKernelHash = fnv1a(
    [
      mm.source.code,
      conv2dProgram(g, 'forward').source.code,
      JSON.stringify(MATMUL_TILE_CANDIDATES),
      MATMUL_THREAD_TILE,
    ].join('\u0000'),
  );
  return cachedKernelHash;
}

/** The adapter fields a tuned table belongs to. */
export type AdapterIdentity = Pick<
  AdapterReport,
  'vendor' | 'architecture' | 'device' | 'description' | 'isFallbackAdapter'
>;

/** The key a tuned table is stored under: the adapter's identity plus the kernel hash. */
export function adapterFingerprint(a: AdapterIdentity, kernelHash = gemmKernelHash()): string {
  return [
    a.vendor,
    a.architecture,
    a.device,
    a.description,
    a.isFallbackAdapter ? 'fallback' : 'hardware',
    `kernels:${kernelHash}`,
  ].join('|');
}
