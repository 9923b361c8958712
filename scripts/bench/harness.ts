// The timing method shared by every system: warm-ups, then timed runs that each end with one GPU sync,
// reported as the median wall-clock time. Also the common interface each system's runner implements.
import type { BenchCase, BenchPlan } from './plan.mjs';
import type { AutotuneInfo, SystemResult } from './report.mjs';
import { median } from './report.mjs';
import { uniformValues } from '../../kernels/common/random.mjs';

/**
 * A prepared case on one system: `run` enqueues one iteration's GPU work, `sync` waits for it, `dispose` frees inputs.
 */
export interface Prepared {
  run(): void | Promise<void>;
  sync(): Promise<void>;
  dispose(): void;
  /** For --check: one forward pass read back, in our layout (NHWC, [B, H, T, D]); forward cases only. */
  output?(): Promise<Float32Array>;
  /**
   * For --autotune (ours): tunes the case's GEMM classes before timing; `baseline` runs it with the cost model's tiles.
   */
  autotune?: { tune(): Promise<AutotuneInfo>; baseline: Prepared };
}

/** One system under test: prepares a case, or says why it cannot. */
export interface System {
  name: string;
  prepare(c: BenchCase): Promise<Prepared | { skipped: string }>;
}

/** Times a prepared case: `warmup` untimed runs, then `reps` timed runs; returns the median and every sample. */
export async function measure(
  p: Prepared,
  plan: Pick<BenchPlan, 'warmup' | 'reps'>,
): Promise<{ ms: number; samples: number[] }> {
  for (let i = 0; i < plan.warmup; i++) {
    await p.run();
    await p.sync();
  }
  const samples: number[] = [];
  for (let i = 0; i < plan.reps; i++) {
    const t0 = performance.now();
    await p.run();
    await p.sync();
    samples.push(performance.now() - t0);
  }
  return { ms: median(samples), samples: samples.map((s) => Math.round(s * 1000) / 1000) };
}

/**
 * Times two variants of one case with their runs interleaved (a, b, a, b, …), so a change in machine load
 * (other jobs on a shared machine) hits both alike; returns each one's median and samples.
 */
export async function measureInterleaved(
  a: Prepared,
  b: Prepared,
  plan: Pick<BenchPlan, 'warmup' | 'reps'>,
): Promise<[{ ms: number; samples: number[] }, { ms: number; samples: number[] }]> {
  const once = async (p: Prepared) => {
    const t0 = performance.now();
    await p.run();
    await p.sync();
    return performance.now() - t0;
  };
  for (let i = 0; i < plan.warmup; i++) {
    await once(a);
    await once(b);
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < plan.reps; i++) {
    sa.push(await once(a));
    sb.push(await once(b));
  }
  const out = (s: number[]) => ({ ms: median(s), samples: s.map((x) => Math.round(x * 1000) / 1000) });
  return [out(sa), out(sb)];
}

/**
 * Prepares, measures and frees one case on one system; errors become part of the result. With `reference`
 * (our output, for --check) the system's output is read once more and its largest difference recorded.
 */
export async function timeCase(
  sys: System,
  c: BenchCase,
  plan: Pick<BenchPlan, 'warmup' | 'reps'>,
  check?: { reference: Float32Array | null; keep: (out: Float32Array) => void },
): Promise<SystemResult> {
  let prepared: Prepared | { skipped: string } | null = null;
  try {
    prepared = await sys.prepare(c);
    if ('skipped' in prepared) return { skipped: prepared.skipped };
    let result: SystemResult;
    if (prepared.autotune) {
      const info = await prepared.autotune.tune();
      const [tuned, base] = await measureInterleaved(prepared, prepared.autotune.baseline, plan);
      result = { ...tuned, autotune: { ...info, modelMs: base.ms, modelSamples: base.samples } };
    } else result = await measure(prepared, plan);
    if (check && prepared.output) {
      const out = await prepared.output();
      check.keep(out);
      if (check.reference) {
        result.maxAbsDiff = maxAbsDiff(check.reference, out);
        result.relDiff = relativeDiff(check.reference, out);
      }
    }
    return result;
  } catch (e) {
    return { error: e instanceof Error ? e.message.split('\n')[0].slice(0, 300) : String(e) };
  } finally {
    if (prepared && !('skipped' in prepared)) prepared.dispose();
  }
}

/** Largest |a − b| over two outputs (Infinity when the lengths differ or a value is not finite). */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/**
 * max |ref − out| / max |ref|: the largest difference relative to the reference's scale (Infinity when the
 * lengths differ or a value is not finite). Dividing by the largest magnitude, not element by element, keeps
 * entries near zero (where any change of summation order is a large relative change) from deciding the check.
 */
export function relativeDiff(ref: Float32Array, out: Float32Array): number {
  const d = maxAbsDiff(ref, out);
  if (!Number.isFinite(d)) return d;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) scale = Math.max(scale, Math.abs(ref[i]));
  return scale === 0 ? (d === 0 ? 0 : Infinity) : d / scale;
}

/**
 * Seeds of each case's inputs, shared by every system so --check compares like with like: matmul A, B;
 * conv X, W; attention Q, K, V; softmax X; layer norm X, gamma, beta.
 */
export const SEEDS = {
  matmul: [1, 2],
  conv: [3, 4],
  convDy: 5,
  attention: [6, 7, 8],
  attentionDy: 9,
  softmax: [10],
  layernorm: [11, 12, 13],
} as const;

/** Seeded uniform values in [-1, 1) (inputs only need to be the same on every system). */
export function randomValues(n: number, seed: number): Float32Array<ArrayBuffer> {
  return uniformValues(n, seed, -1, 1);
}

/** Seeded labels in [0, classes). */
export function randomLabels(n: number, classes: number, seed: number): Int32Array {
  const v = randomValues(n, seed);
  return Int32Array.from(v, (x) => Math.min(classes - 1, Math.floor(((x + 1) / 2) * classes)));
}
