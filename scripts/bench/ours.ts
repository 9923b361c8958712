// Our engine under the benchmark: each case as calls to the public engine API, inputs uploaded once,
// every run inside engine.scope returning nothing (so its output is freed too, as TF.js disposes its own) and
// engine.sync() as the one sync per run.
import {
  Adam,
  Engine,
  Model,
  PRESETS,
  attention,
  backward,
  conv2d,
  layerNorm,
  matmul,
  softmax,
  softmaxCrossEntropy,
  zeroGrad,
} from '../../src/engine/index.ts';
import type { Tensor } from '../../src/engine/index.ts';
import { WebGPUBackend } from '../../src/engine/webgpu/webgpu-backend.ts';
import { gpuTimer, tilesName, TileTable, tuneProblems } from '../../src/engine/webgpu/autotune.ts';
import type { BenchCase, BenchPlan } from './plan.mjs';
import type { AutotuneInfo, SystemResult } from './report.mjs';
import { SEEDS, randomLabels, randomValues, type Prepared, type System } from './harness.ts';
import { sizeOf } from '../../kernels/common/shape.mjs';

/** Candidates the autotuner times per GEMM class under --autotune (the cost model's best few). */
const AUTOTUNE_CANDIDATES = 4;
/** Round-robin rounds over the candidates (each keeps its fastest), against drifting load on a shared machine. */
const AUTOTUNE_ROUNDS = 3;

/**
 * --autotune: before timing, run the case once with an empty tile table to find the GEMM classes it uses, tune
 * those (each candidate: `warmup` runs, then the median of reps/3, in three round-robin rounds), and keep the
 * table for the timed runs; `baseline` runs the same work with an empty table, i.e. the cost model's tiles.
 */
function withAutotune(
  engine: Engine,
  p: Prepared,
  run: () => unknown,
  plan: Pick<BenchPlan, 'warmup' | 'reps'>,
): Prepared {
  const backend = engine.backend;
  if (!(backend instanceof WebGPUBackend)) return p;
  const empty = new TileTable();
  const tune = async (): Promise<AutotuneInfo> => {
    const t0 = performance.now();
    backend.tileTable = new TileTable();
    runAndFree(engine, run);
    await engine.sync();
    const timer = gpuTimer(backend, { warmup: plan.warmup, reps: Math.ceil(plan.reps / AUTOTUNE_ROUNDS) });
    const tuned = await tuneProblems(backend.tileTable, [...backend.tileTable.untuned.values()], {
      timer,
      candidates: AUTOTUNE_CANDIDATES,
      rounds: AUTOTUNE_ROUNDS,
    });
    return {
      classes: tuned.map((c) => ({
        key: c.key,
        tiles: tilesName(c.tiles),
        modelTiles: tilesName(c.modelTiles),
        timings: c.timings.map((t) => ({ tiles: tilesName(t.tiles), ms: t.ms })),
      })),
      method: timer.method,
      tuneMs: performance.now() - t0,
    };
  };
  const baseline: Prepared = {
    ...p,
    run: () => {
      const tuned = backend.tileTable;
      backend.tileTable = empty;
      try {
        runAndFree(engine, run);
      } finally {
        backend.tileTable = tuned;
      }
    },
    dispose: () => {},
  };
  return { ...p, autotune: { tune, baseline } };
}

/**
 * One timed run: `run` inside a scope that returns nothing, so every tensor it makes, its output included, goes
 * back to the pool. Keeping the output (what `engine.scope(run)` at top level does) would make each run allocate
 * a fresh buffer while the peers dispose theirs.
 */
export function runAndFree(engine: Engine, run: () => unknown): void {
  engine.scope(() => {
    run();
  });
}

/** The engine's runner for every suite but `memory` (see memoryProbe). */
export function oursSystem(
  engine: Engine,
  plan: Pick<BenchPlan, 'warmup' | 'reps' | 'autotune'> = { warmup: 1, reps: 1, autotune: false },
): System {
  const upload = (shape: number[], seed: number) =>
    engine.keep(engine.tensor(randomValues(sizeOf(shape), seed), shape));
  const prepared = (inputs: Tensor[], run: () => unknown, extra: () => void = () => {}): Prepared => {
    const p: Prepared = {
      run: () => runAndFree(engine, run),
      sync: () => engine.sync(),
      dispose: () => {
        inputs.forEach((t) => t.dispose());
        extra();
      },
    };
    return plan.autotune ? withAutotune(engine, p, run, plan) : p;
  };
  /** A forward-only case, which can also hand its output to --check. */
  const forward = (inputs: Tensor[], fn: () => Tensor): Prepared => ({
    ...prepared(inputs, fn),
    output: async () => {
      const y = engine.scope(fn);
      try {
        return Float32Array.from(await y.data());
      } finally {
        y.dispose();
      }
    },
  });

  return {
    name: 'ours',
    async prepare(c: BenchCase): Promise<Prepared | { skipped: string }> {
      switch (c.suite) {
        case 'matmul': {
          const a = upload([c.m, c.k], SEEDS.matmul[0]);
          const b = upload([c.k, c.n], SEEDS.matmul[1]);
          return forward([a, b], () => matmul(a, b));
        }
        case 'conv': {
          const x = upload([c.n, c.h, c.w, c.cin], SEEDS.conv[0]);
          const w = upload([c.k, c.k, c.cin, c.cout], SEEDS.conv[1]);
          if (c.pass === 'fwd') return forward([x, w], () => conv2d(x, w, { padding: 'same' }));
          const dy = upload([c.n, c.h, c.w, c.cout], SEEDS.convDy);
          engine.variable(x);
          engine.variable(w);
          // backward(y, dy) seeds the output gradient directly: forward, dX and dW, nothing else.
          return prepared([x, w, dy], () => {
            backward(conv2d(x, w, { padding: 'same' }), dy);
            zeroGrad([x, w]);
          });
        }
        case 'attention': {
          const shape = [c.b, c.heads, c.t, c.d];
          const [q, k, v] = SEEDS.attention.map((s) => upload(shape, s));
          if (c.pass === 'fwd') return forward([q, k, v], () => attention(q, k, v, { causal: c.causal }));
          const dy = upload(shape, SEEDS.attentionDy);
          [q, k, v].forEach((t) => engine.variable(t));
          return prepared([q, k, v, dy], () => {
            backward(attention(q, k, v, { causal: c.causal }), dy);
            zeroGrad([q, k, v]);
          });
        }
        case 'softmax': {
          const x = upload([c.rows, c.cols], SEEDS.softmax[0]);
          return forward([x], () => softmax(x));
        }
        case 'layernorm': {
          const [x, g, b] = [[c.rows, c.cols], [c.cols], [c.cols]].map((shape, i) => upload(shape, SEEDS.layernorm[i]));
          return forward([x, g, b], () => layerNorm(x, g, b));
        }
        case 'train': {
          const { model, step, dispose } = trainingStep(engine, c.model, c.batch);
          return prepared([], step, () => {
            dispose();
            model.parameters().forEach((p) => p.dispose());
          });
        }
        case 'memory':
          return { skipped: 'measured by memoryProbe' };
        default:
          return c satisfies never;
      }
    },
  };
}

/** A model from the presets, an Adam optimizer and one fixed batch; `step` is forward, loss, backward, update. */
function trainingStep(engine: Engine, which: 'mlp' | 'lenet', batch: number) {
  const preset = PRESETS.find((p) => p.id === (which === 'mlp' ? 'mnist-mlp' : 'lenet5'));
  if (!preset) throw new Error(`preset for ${which} not found`);
  const model = new Model(engine, preset.spec);
  const opt = new Adam(engine, model.parameters(), { lr: preset.training.lr });
  const x = engine.keep(
    engine.tensor(
      randomValues(batch * 784, 21).map((v) => (v + 1) / 2),
      [batch, 28, 28, 1],
    ),
  );
  const y = engine.keep(engine.tensor(randomLabels(batch, 10, 22), [batch]));
  const step = () => {
    const loss = softmaxCrossEntropy(model.forward(x, { training: true }), y);
    backward(loss);
    opt.apply();
    zeroGrad(opt.params);
  };
  return {
    model,
    step,
    dispose: () => {
      opt.dispose();
      x.dispose();
      y.dispose();
    },
  };
}

/**
 * The GPU-memory target: live bytes after `early` and after `late` training steps of the MLP, and the peak
 * against the model's analytic training need (parameters, gradients, Adam moments, activations). Uses its
 * own engine so the peak belongs to this run alone.
 */
export async function memoryProbe(c: Extract<BenchCase, { suite: 'memory' }>): Promise<SystemResult> {
  const engine = await Engine.create();
  try {
    const { model, step, dispose } = trainingStep(engine, c.model, c.batch);
    let early = 0;
    for (let i = 1; i <= c.late; i++) {
      engine.scope(step);
      if (i % 10 === 0 || i === c.early) await engine.sync();
      if (i === c.early) early = engine.memory().liveBytes;
    }
    await engine.sync();
    const m = engine.memory();
    const analytic = model.summary.trainingBytes(c.batch);
    dispose();
    return { early, late: m.liveBytes, peak: m.peakLiveBytes, analytic };
  } catch (e) {
    return { error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    engine.dispose();
  }
}
