// Optimizers on WebGPU against the same steps on the CPU engine, gradient clipping against a host
// computation, and a leak check: Adam steps leave live bytes unchanged once its state exists.
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from './engine.ts';
import * as T from './ops/api.ts';
import { backward, zeroGrad } from './autograd.ts';
import { Adam, AdamW, SGD, clipGradNorm } from './optim.ts';
import { normalValues } from '../../kernels/common/random.mjs';
import type { Tensor } from './tensor.ts';
import { expectClose } from '../../kernels/common/test-harness.ts';

const gpu = await Engine.create();
const cpu = await Engine.create({ backend: 'cpu' });
afterAll(() => gpu.dispose());

type Make = (e: Engine, params: Tensor[]) => { apply(o?: { gradScale?: Tensor }): void; dispose(): void };

async function train(e: Engine, make: Make, clip?: number): Promise<number[][]> {
  const w = e.variable(e.tensor(normalValues(12, 1), [4, 3]));
  const b = e.variable(e.tensor(normalValues(3, 2), [3]));
  const x = e.keep(e.tensor(normalValues(20, 3), [5, 4]));
  const y = e.keep(e.tensor(normalValues(15, 4), [5, 3]));
  const opt = make(e, [w, b]);
  for (let i = 0; i < 4; i++) {
    e.scope(() => {
      backward(T.mse(T.matmul(x, w, { bias: b, activation: 'tanh' }), y));
      const scale = clip ? clipGradNorm([w, b], clip).scale : undefined;
      opt.apply({ gradScale: scale });
      zeroGrad([w, b]);
    });
  }
  const out = [Array.from(await w.data()), Array.from(await b.data())];
  opt.dispose();
  [w, b, x, y].forEach((t) => t.dispose());
  return out;
}

describe('optimizers', () => {
  const makers: [string, Make][] = [
    ['SGD', (e, p) => new SGD(e, p, { lr: 0.1 })],
    ['SGD momentum', (e, p) => new SGD(e, p, { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 })],
    ['SGD Nesterov', (e, p) => new SGD(e, p, { lr: 0.1, momentum: 0.9, nesterov: true })],
    ['Adam', (e, p) => new Adam(e, p, { lr: 0.01, weightDecay: 1e-3 })],
    ['AdamW', (e, p) => new AdamW(e, p, { lr: 0.01 })],
  ];
  for (const [name, make] of makers)
    test(`${name}: WebGPU matches the CPU engine over 4 steps`, async () => {
      const [g, c] = [await train(gpu, make), await train(cpu, make)];
      expectClose(g[0], c[0], 1e-5, 1e-4, 'w');
      expectClose(g[1], c[1], 1e-5, 1e-4, 'b');
    });

  test('clipping by global norm matches a host computation and changes the update', async () => {
    const make: Make = (e, p) => new SGD(e, p, { lr: 0.5 });
    const [clipped, plain] = [await train(gpu, make, 0.05), await train(gpu, make)];
    const [clippedCpu] = [await train(cpu, make, 0.05)];
    expectClose(clipped[0], clippedCpu[0], 1e-5, 1e-4, 'clipped w');
    expect(clipped[0].some((v, i) => Math.abs(v - plain[0][i]) > 1e-3)).toBe(true);
    const a = gpu.variable(gpu.tensor([3, 4]));
    gpu.scope(() => backward(T.sum(T.mul(a, a))));
    const { norm, scale } = clipGradNorm([a], 5);
    expect((await norm.data())[0]).toBeCloseTo(10, 5);
    expect((await scale.data())[0]).toBeCloseTo(0.5, 6);
    [a, norm, scale].forEach((t) => t.dispose());
  });

  test('500 Adam steps leave live GPU bytes unchanged after the first', async () => {
    const w = gpu.variable(gpu.randomNormal([16, 8], { seed: 1 }));
    const x = gpu.keep(gpu.randomNormal([32, 16], { seed: 2 }));
    const labels = gpu.keep(gpu.tensor(Int32Array.from({ length: 32 }, (_, i) => i % 8)));
    const opt = new Adam(gpu, [w], { lr: 1e-2 });
    const step = () =>
      gpu.scope(() => {
        const loss = T.softmaxCrossEntropy(T.matmul(x, w), labels);
        backward(loss);
        opt.apply({ gradScale: clipGradNorm([w], 1).scale });
        zeroGrad([w]);
        return loss;
      });
    const first = step();
    const l0 = (await first.data())[0];
    first.dispose();
    await gpu.sync();
    const live = gpu.memory().liveBytes;
    let last = 0;
    for (let i = 0; i < 500; i++) {
      const l = step();
      if (i === 499) last = (await l.data())[0];
      l.dispose();
    }
    await gpu.sync();
    expect(gpu.memory().liveBytes).toBe(live);
    expect(last).toBeLessThan(l0 * 0.5);
    opt.dispose();
    [w, x, labels].forEach((t) => t.dispose());
  });
});
