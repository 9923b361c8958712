// Runs a benchmark plan case by case and system by system: our engine, TF.js (WebGPU) and ORT-web (WebGPU EP)
// on the same adapter. Shared by the browser page (main.ts) and the Node entry on Dawn (scripts/dawn/bench.ts).
import { Engine } from '../../src/engine/index.ts';
import type { BenchPlan, System as SystemName } from './plan.mjs';
import type { BenchEnv, BenchRow, SystemResult } from './report.mjs';
import { timeCase, type System } from './harness.ts';
import { memoryProbe, oursSystem } from './ours.ts';

export type Progress = (kind: 'env' | 'result', data: unknown) => void;

/** Loads a peer lazily so a failure to start it becomes a skipped column, not a failed run. */
async function startPeer(name: SystemName, versions: Record<string, string>): Promise<System | string> {
  try {
    if (name === 'tfjs') {
      const m = await import('./tfjs.ts');
      Object.assign(versions, (await m.initTfjs()).versions);
      return m.tfjsSystem();
    }
    const m = await import('./ort.ts');
    Object.assign(versions, m.initOrt().versions);
    return m.ortSystem();
  } catch (e) {
    return `could not start: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Times every case of `plan`; `userAgent` names the WebGPU implementation in the report's header. */
export async function runBench(
  plan: BenchPlan,
  progress: Progress,
  userAgent: string,
): Promise<{ env: BenchEnv; rows: BenchRow[] }> {
  const engine = await Engine.create();
  const versions: Record<string, string> = {};
  const systems = new Map<SystemName, System | string>([['ours', oursSystem(engine, plan)]]);
  for (const name of plan.systems) if (name !== 'ours') systems.set(name, await startPeer(name, versions));
  const a = engine.adapter;
  const env: BenchEnv = {
    adapter: a && {
      vendor: a.vendor,
      architecture: a.architecture,
      device: a.device,
      description: a.description,
      isFallbackAdapter: a.isFallbackAdapter,
      features: a.features,
    },
    reps: plan.reps,
    warmup: plan.warmup,
    versions,
    userAgent,
  };
  progress('env', env);
  const rows: BenchRow[] = [];
  for (const c of plan.cases) {
    const results: BenchRow['results'] = {};
    let reference: Float32Array | null = null;
    const check = plan.check
      ? { reference: null as Float32Array | null, keep: (out: Float32Array) => void (reference ??= out) }
      : undefined;
    for (const [name, sys] of systems) {
      const t0 = performance.now();
      let r: SystemResult;
      if (typeof sys === 'string') r = { skipped: sys };
      else if (c.suite === 'memory') r = name === 'ours' ? await memoryProbe(c) : { skipped: 'ours only' };
      else {
        if (check) check.reference = reference;
        r = await timeCase(sys, c, plan, check);
      }
      results[name] = r;
      progress('result', { id: c.id, system: name, result: r, seconds: (performance.now() - t0) / 1000 });
    }
    rows.push({ case: c, results });
  }
  engine.dispose();
  return { env, rows };
}
