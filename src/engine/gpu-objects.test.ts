// What a training loop whose shapes repeat creates on the GPU after its first steps, counted by wrapping the device's
// create* methods: no pipeline or shader module, no storage buffer once the pool is warm, a constant per-step rest.
import { afterAll, expect, test } from 'vitest';
import { Engine } from './engine.ts';
import { Model } from './nn/model.ts';
import type { ModelSpec } from './nn/spec.ts';
import { Trainer } from './train/trainer.ts';
import type { ArrayDataset } from './train/types.ts';
import { WebGPUBackend } from './webgpu/webgpu-backend.ts';

const e = await Engine.create();
afterAll(() => e.dispose());

const CREATE = [
  'createBuffer',
  'createBindGroup',
  'createBindGroupLayout',
  'createPipelineLayout',
  'createShaderModule',
  'createComputePipeline',
  'createComputePipelineAsync',
  'createRenderPipeline',
  'createCommandEncoder',
  'createQuerySet',
  'createTexture',
  'createSampler',
] as const;

interface Created {
  method: (typeof CREATE)[number];
  label: string;
  usage?: number;
}

/** Wraps the device's create* methods so every call is logged into `log`; returns a function that unwraps them. */
function recordCreations(device: GPUDevice, log: Created[]): () => void {
  const originals = CREATE.map((method) => [method, device[method]] as const);
  for (const [method, original] of originals) {
    const fn = original as (d?: { label?: string; usage?: number }) => unknown;
    Object.defineProperty(device, method, {
      configurable: true,
      value: (desc?: { label?: string; usage?: number }) => {
        log.push({ method, label: desc?.label ?? '', usage: desc?.usage });
        return fn.call(device, desc);
      },
    });
  }
  return () => originals.forEach(([method]) => delete (device as unknown as Record<string, unknown>)[method]);
}

test('after step 1 training compiles nothing, after step 2 it allocates no storage; the per-step rest is constant', async () => {
  // Dense layers, dropout (a per-step seed) and Adam (a per-step bias correction): the kernels of a real run.
  const spec: ModelSpec = {
    name: 'gpu-objects',
    input: { shape: [6] },
    seed: 1,
    layers: [
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 3 },
    ],
  };
  const count = 16 * 16; // whole batches, so every step has the same shapes; the epoch ends after the last counted
  const data: ArrayDataset = {
    x: Float32Array.from({ length: count * 6 }, (_, i) => Math.sin(i * 0.37)),
    xShape: [6],
    y: Int32Array.from({ length: count }, (_, i) => i % 3),
    yShape: [],
    count,
    classes: 3,
  };
  const model = new Model(e, spec);
  // reportEveryMs 0: the loss is read back every step, as a run's progress reports are.
  const trainer = new Trainer(
    e,
    model,
    {
      epochs: 1,
      batchSize: 16,
      optimizer: { kind: 'adam', lr: 1e-3 },
      loss: 'softmaxCrossEntropy',
      seed: 3,
      reportEveryMs: 0,
    },
    data,
  );
  const t0 = performance.now();
  await trainer.step();
  await e.sync();
  console.log(`[gpu-objects] step 1: ${(performance.now() - t0).toFixed(0)} ms`);

  const backend = e.backend as WebGPUBackend;
  const perStep: { log: Created[]; dispatches: number }[] = [];
  for (let s = 2; s <= 6; s++) {
    const log: Created[] = [];
    const dispatches = backend.runner.counters.dispatches;
    const unwrap = recordCreations(backend.device, log);
    try {
      await trainer.step();
      await e.sync();
    } finally {
      unwrap();
    }
    perStep.push({ log, dispatches: backend.runner.counters.dispatches - dispatches });
  }
  const of = (method: Created['method'], from = 0) =>
    perStep.slice(from).flatMap(({ log }) => log.filter((c) => c.method === method));
  const made = (log: Created[], method: Created['method'], label?: string) =>
    log.filter((c) => c.method === method && (label === undefined || c.label === label)).length;

  // Compiled once, in step 1.
  for (const m of CREATE.filter((m) => !['createBuffer', 'createBindGroup', 'createCommandEncoder'].includes(m)))
    expect(of(m), m).toEqual([]);
  // Storage comes from the pool, which has every size it needs after two steps (the second is the first with a
  // previous step's gradients and optimizer state alive). The other buffers are one-dispatch uniforms (dropout's
  // seed, Adam's step) and the loss's readback staging.
  const storage = (c: Created) => c.label !== 'params (per step)' && c.label !== 'readback';
  expect(of('createBuffer', 1).filter(storage)).toEqual([]);
  for (const { log } of perStep) {
    expect(made(log, 'createBuffer', 'readback')).toBe(1);
    expect(made(log, 'createCommandEncoder')).toBe(2); // the step's batch and the readback copy
  }
  // Per-step uniforms and command encoders do not grow: the same number every step.
  const uniforms = perStep.map(({ log }) => made(log, 'createBuffer', 'params (per step)'));
  expect(new Set(uniforms).size).toBe(1);
  expect(uniforms[0]).toBeGreaterThan(0);
  // Bind groups: the cache is keyed by buffer identity and the pool hands a step different buffers than the last,
  // so most dispatches still make one (docs/engine.md). Bounded by the dispatches, never more.
  for (const { log, dispatches } of perStep) expect(made(log, 'createBindGroup')).toBeLessThanOrEqual(dispatches);
  const ratio = perStep.map(({ log, dispatches }) => `${made(log, 'createBindGroup')}/${dispatches}`);
  console.log(`[gpu-objects] bind groups made / dispatches, steps 2–6: ${ratio.join(' ')}`);

  trainer.dispose();
  model.dispose();
});
