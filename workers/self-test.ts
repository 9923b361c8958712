// The GPU self-test: one matmul on the engine, checked against the float64 CPU reference, then timed.
// Shared by the system worker (the page's self-test button) and the engine's own test.
import { Engine, matmul } from '../src/engine/index.ts';
import { uniformValues } from '../kernels/common/random.mjs';
import type { SelfTestEvent, SelfTestOptions, SelfTestResult } from '../src/protocol/system.ts';

/** Runs the self-test on `engine` and reports stages through `onEvent`. */
export async function runSelfTest(
  engine: Engine,
  opts: SelfTestOptions,
  onEvent?: (e: SelfTestEvent) => void,
): Promise<SelfTestResult> {
  const n = opts.size;
  if (!Number.isInteger(n) || n < 1 || n > 4096)
    throw new RangeError(`self-test size must be an integer from 1 to 4096, got ${n}`);
  const av = uniformValues(n * n, 1, -1, 1);
  const bv = uniformValues(n * n, 2, -1, 1);
  const a = engine.tensor(av, [n, n]);
  const b = engine.tensor(bv, [n, n]);
  try {
    onEvent?.({ kind: 'stage', stage: 'compile', done: 0, total: 1 });
    const c = matmul(a, b);
    const got = await c.data();
    c.dispose();
    onEvent?.({ kind: 'stage', stage: 'reference', done: 0, total: 1 });
    // The reference is the same op on the CPU engine (float64 kernels' references).
    const cpu = await Engine.create({ backend: 'cpu' });
    const want = await matmul(cpu.tensor(av, [n, n]), cpu.tensor(bv, [n, n])).data();
    let maxAbsError = 0;
    for (let i = 0; i < want.length; i++) maxAbsError = Math.max(maxAbsError, Math.abs(got[i] - want[i]));
    // f32 dot products of n terms in [-1, 1]: rounding error grows at most ~n·eps; observed ~sqrt(n)·eps.
    const tolerance = 1e-5 + 2e-6 * n;
    const times: number[] = [];
    for (let r = 0; r < opts.runs; r++) {
      onEvent?.({ kind: 'stage', stage: 'timing', done: r, total: opts.runs });
      const t0 = performance.now();
      const out = matmul(a, b);
      await engine.sync();
      times.push(performance.now() - t0);
      out.dispose();
    }
    times.sort((x, y) => x - y);
    const medianMs = times[Math.floor(times.length / 2)] ?? NaN;
    return {
      size: n,
      runs: opts.runs,
      maxAbsError,
      tolerance,
      passed: maxAbsError <= tolerance,
      medianMs,
      gflops: (2 * n * n * n) / (medianMs * 1e6),
      adapterDescription: engine.adapter
        ? engine.adapter.description || `${engine.adapter.vendor} ${engine.adapter.architecture}`
        : 'CPU',
      isFallbackAdapter: engine.adapter?.isFallbackAdapter ?? true,
    };
  } finally {
    a.dispose();
    b.dispose();
  }
}
