// Engine behaviour on WebGPU: the adapter report, memory scopes and the pool, leak-freedom over many
// training steps, command batching, typed errors (shapes, dtypes, disposed tensors, buffer limits,
// shader compile errors), and device loss followed by a fresh engine.
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from './engine.ts';
import * as T from './ops/api.ts';
import { backward, zeroGrad } from './autograd.ts';
import {
  BufferTooLargeError,
  DeviceLostError,
  DTypeError,
  ShaderCompileError,
  ShapeError,
  TensorDisposedError,
} from './errors.ts';
import { WebGPUBackend } from './webgpu/webgpu-backend.ts';
import { bucketSize } from './webgpu/buffer-pool.ts';
import { wgsl, type KernelProgram } from '../../kernels/common/program.ts';
import { copyKernel } from '../../kernels/copy/copy.ts';
import { expectClose } from '../../kernels/common/test-harness.ts';

const e = await Engine.create();
afterAll(() => e.dispose());
const runner = () => (e.backend as WebGPUBackend).runner;

describe('device', () => {
  test('reports adapter, limits, features and fallback status', () => {
    expect(e.adapter).not.toBeNull();
    const r = e.adapter!;
    expect(typeof r.vendor).toBe('string');
    expect(r.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(r.features.length).toBeGreaterThan(0);
    // This test machine runs SwiftShader, a software adapter.
    if (r.description.toLowerCase().includes('swiftshader') || r.architecture.toLowerCase().includes('swiftshader'))
      expect(r.isFallbackAdapter).toBe(true);
    for (const f of r.enabledFeatures) expect(['shader-f16', 'subgroups', 'timestamp-query']).toContain(f);
  });
});

describe('memory', () => {
  test('buckets are quarter steps, 16-byte aligned', () => {
    expect(bucketSize(1)).toBe(16);
    expect(bucketSize(100)).toBe(112);
    expect(bucketSize(1024)).toBe(1024);
    expect(bucketSize(1025)).toBe(1280);
  });

  test('a scope frees intermediates and keeps what it returns', async () => {
    const before = e.memory().liveBytes;
    const x = e.tensor([1, 2, 3, 4], [2, 2]);
    const y = e.scope(() => T.sum(T.mul(T.exp(x), 2)));
    expect(x.disposed).toBe(false);
    expect(await y.array()).toHaveLength(1);
    x.dispose();
    y.dispose();
    expect(e.memory().liveBytes).toBe(before);
  });

  test('reshape views share storage; the storage lives until the last view is gone', async () => {
    const x = e.tensor([1, 2, 3, 4, 5, 6], [2, 3]);
    const v = T.reshape(x, [3, 2]);
    x.dispose();
    expect(await v.array()).toEqual([1, 2, 3, 4, 5, 6]);
    v.dispose();
    expect(() => T.neg(v)).toThrow(TensorDisposedError);
  });

  test('a thousand training steps leave live bytes unchanged and reuse pooled buffers', async () => {
    const w = e.variable(e.randomNormal([8, 4], { seed: 1, std: 0.3 }));
    const b = e.variable(e.zeros([4]));
    const x = e.keep(e.randomNormal([16, 8], { seed: 2 }));
    const target = e.keep(e.randomNormal([16, 4], { seed: 3 }));
    const step = () =>
      e.scope(() => {
        const loss = T.mean(T.square(T.sub(T.matmul(x, w, { bias: b, activation: 'tanh' }), target)));
        backward(loss);
        e.noGrad(() => {
          for (const p of [w, b]) e.assign(p, T.sub(p, T.mul(p.grad!, 0.1)));
        });
        zeroGrad([w, b]);
        return loss;
      });
    const first = step();
    const firstLoss = (await first.data())[0];
    first.dispose();
    await e.sync();
    const live = e.memory().liveBytes;
    const allocs = e.memory().allocations;
    let last = 0;
    for (let i = 0; i < 1000; i++) {
      const l = step();
      if (i === 999) last = (await l.data())[0];
      l.dispose();
    }
    await e.sync();
    expect(e.memory().liveBytes).toBe(live);
    expect(e.memory().allocations).toBe(allocs);
    expect(last).toBeLessThan(firstLoss);
    [w, b, x, target].forEach((t) => t.dispose());
  });

  test('gradients accumulate across backward calls until zeroGrad', async () => {
    const w = e.variable(e.tensor([1, 2, 3]));
    e.scope(() => backward(T.sum(T.mul(w, 2))));
    e.scope(() => backward(T.sum(T.mul(w, 3))));
    expect(await w.grad!.array()).toEqual([5, 5, 5]);
    zeroGrad([w]);
    expect(w.grad).toBeNull();
    w.dispose();
  });

  test('assign refuses a mismatched shape', () => {
    const a = e.zeros([2, 3]);
    const b = e.zeros([3, 2]);
    expect(() => e.assign(a, b)).toThrow(/cannot write f32\[3, 2\] into f32\[2, 3\]/);
    a.dispose();
    b.dispose();
  });

  test('noGrad records nothing', () => {
    const w = e.variable(e.tensor([1, 2]));
    const y = e.noGrad(() => T.mul(w, 2));
    expect(y.requiresGrad).toBe(false);
    expect(e.tape.length).toBe(0);
    y.dispose();
    w.dispose();
  });
});

describe('command batching', () => {
  test('many ops record into one submit; readback submits', async () => {
    await e.sync();
    const before = { ...runner().counters };
    const y = e.scope(() => {
      let t = e.tensor([1, 2, 3]);
      for (let i = 0; i < 20; i++) t = T.add(t, 1);
      return t;
    });
    // the tensor upload submits pending work first, then 20 adds + 1 fill are only recorded
    expect(runner().counters.dispatches - before.dispatches).toBeGreaterThanOrEqual(20);
    expect(runner().counters.submits - before.submits).toBeLessThanOrEqual(1);
    expect(await y.array()).toEqual([21, 22, 23]);
    y.dispose();
  });

  test('pipelines compile once per (source, overrides)', async () => {
    // A fresh engine, so the first exp compiles here whichever tests ran before (or were filtered out).
    const fresh = await Engine.create();
    const pipelines = (fresh.backend as WebGPUBackend).runner.pipelines;
    const a = fresh.tensor([1, 2, 3]);
    const before = pipelines.compiled;
    const r1 = T.exp(a);
    const afterFirst = pipelines.compiled;
    expect(afterFirst).toBeGreaterThan(before);
    const r2 = T.exp(T.exp(fresh.tensor([4, 5, 6, 7, 8])));
    expect(pipelines.compiled).toBe(afterFirst);
    expect(await r2.array()).toHaveLength(5);
    [a, r1, r2].forEach((t) => t.dispose());
    fresh.dispose();
  });
});

describe('typed errors', () => {
  test('shape and dtype mismatches are refused before GPU work, naming op and shapes', () => {
    const a = e.tensor(new Float32Array(6), [2, 3]);
    const b = e.tensor(new Float32Array(8), [2, 4]);
    const i = e.tensor(new Int32Array([0, 1]));
    const before = runner().counters.dispatches;
    expect(() => T.add(a, b)).toThrow(ShapeError);
    expect(() => T.add(a, b)).toThrow(/\[2, 3\] and \[2, 4\]/);
    expect(() => T.matmul(a, b)).toThrow(/matmul: inner dimensions differ \(3 vs 2\)/);
    expect(() => T.exp(i)).toThrow(DTypeError);
    expect(() => T.gather(a, a)).toThrow(/indices must be i32/);
    expect(() => T.reshape(a, [4, 2])).toThrow(/cannot reshape \[2, 3\]/);
    expect(() => T.sum(a, 2)).toThrow(/axis 2 is out of range/);
    expect(() => e.tensor([1, 2, 3], [2, 2])).toThrow(/3 values do not fill shape \[2, 2\]/);
    expect(runner().counters.dispatches).toBe(before);
    [a, b, i].forEach((t) => t.dispose());
  });

  test('a tensor larger than the device allows is refused with a clear error', () => {
    const limit = e.adapter!.limits.maxStorageBufferBindingSize;
    expect(() => e.zeros([Math.ceil(limit / 4) + 16])).toThrow(BufferTooLargeError);
    expect(() => e.zeros([Math.ceil(limit / 4) + 16])).toThrow(/allows at most/);
  });

  test('WGSL compile errors show line, column and source', async () => {
    const bad: KernelProgram = {
      label: 'broken-kernel',
      source: wgsl(
        'broken-kernel',
        '@group(0) @binding(0) var<uniform> p: vec4<u32>;\n@group(0) @binding(1) var<storage, read_write> o: array<f32>;\n@compute @workgroup_size(1)\nfn broken_kernel() {\n  o[0] = undefined_thing;\n}\n',
      ),
      entryPoint: 'broken_kernel',
      constants: {},
      uniforms: new Uint32Array(4),
      inputCount: 0,
      outputBytes: 16,
      dispatch: [1, 1, 1],
    };
    runner().run(bad, []);
    const err = await e.sync().then(
      () => null,
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(ShaderCompileError);
    expect((err as ShaderCompileError).messages[0].line).toBe(5);
    expect((err as Error).message).toMatch(/undefined_thing/);
    // The engine stays usable afterwards.
    const t = e.tensor([1, 2]);
    expect(await T.neg(t).array()).toEqual([-1, -2]);
  });

  test('a scope whose function throws frees what it made', () => {
    const before = e.memory().liveBytes;
    expect(() =>
      e.scope(() => {
        e.tensor([1, 2, 3]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(e.memory().liveBytes).toBe(before);
  });
});

describe('device loss', () => {
  test('loss is an event with a reason; ops then fail clearly; a new engine comes up', async () => {
    const lostEngine = await Engine.create();
    const t = lostEngine.tensor([1, 2, 3]);
    const lost = new Promise<DeviceLostError>((resolve) => lostEngine.onDeviceLost(resolve));
    (lostEngine.backend as WebGPUBackend).device.destroy();
    const err = await lost;
    expect(err).toBeInstanceOf(DeviceLostError);
    expect(err.reason).toBe('destroyed');
    expect(err.message).toMatch(/resume from the last checkpoint/);
    expect(() => T.neg(t)).toThrow(DeviceLostError);
    const fresh = await Engine.create();
    expect(await T.neg(fresh.tensor([1])).array()).toEqual([-1]);
    fresh.dispose();
  });
});

describe('autograd edge cases', () => {
  test('two variables fed through a pass-through rule get separate gradients', async () => {
    const w1 = e.variable(e.tensor([1, 2]));
    const w2 = e.variable(e.tensor([3, 4]));
    e.scope(() => backward(T.sum(T.add(w1, w2))));
    expect(w1.grad).not.toBe(w2.grad);
    e.scope(() => backward(T.sum(T.add(w1, w2))));
    expect(await w1.grad!.array()).toEqual([2, 2]);
    w1.dispose();
    expect(await w2.grad!.array()).toEqual([2, 2]);
    w2.dispose();
  });

  test('a forward pass split over nested scopes still differentiates', async () => {
    const w = e.variable(e.tensor([1, 2, 3]));
    e.scope(() => {
      const h = e.scope(() => T.mul(T.exp(w), 2));
      backward(T.sum(h));
    });
    expectClose(await w.grad!.data(), [2 * Math.E, 2 * Math.E ** 2, 2 * Math.E ** 3], 1e-5, 1e-6, 'nested');
    w.dispose();
  });

  test('backward on a graph that was dropped explains what to do', () => {
    const w = e.variable(e.tensor([1]));
    const loss = e.scope(() => T.sum(T.mul(w, 2)));
    expect(() => backward(loss)).toThrow(/same engine.scope/);
    loss.dispose();
    w.dispose();
  });

  test('backward outside any scope frees its intermediates', async () => {
    const w = e.variable(e.tensor([1, 2, 3, 4], [2, 2]));
    const x = e.keep(e.tensor([1, 0, 0, 1], [2, 2]));
    const labels = e.keep(e.tensor(new Int32Array([0, 1])));
    // Every forward tensor is held and disposed by the caller (`using` style); backward's own are freed by it.
    const once = () => {
      using logits = T.matmul(x, w);
      using probs = T.softmax(logits);
      using loss = T.sum(probs);
      backward(loss);
      zeroGrad([w]);
    };
    once();
    await e.sync();
    const live = e.memory().liveBytes;
    for (let i = 0; i < 5; i++) once();
    await e.sync();
    // Intermediates other than those the user holds (logits, loss) are freed by backward itself.
    expect(e.memory().liveBytes).toBe(live);
    [w, x, labels].forEach((t) => t.dispose());
  });

  test('max shares its gradient equally among tied maxima; an empty sum is 0', async () => {
    const x = e.variable(e.tensor([1, 3, 3, 2]));
    e.scope(() => backward(T.max(x)));
    expect(await x.grad!.array()).toEqual([0, 0.5, 0.5, 0]);
    x.dispose();
    expect(await T.sum(e.zeros([2, 0]), 1).array()).toEqual([0, 0]);
    expect(await T.max(e.tensor([-Infinity, -Infinity])).array()).toEqual([-Infinity]);
  });

  test('a repeated dispatch compiles nothing; programs of one binding signature share one layout', async () => {
    const x = e.tensor([1, -2, 3]);
    e.scope(() => T.neg(T.exp(x))).dispose();
    const pipelines = runner().pipelines;
    const compiled = pipelines.compiled;
    // Same sources, entry points and constants with new shapes and uniforms: cache hits by source id.
    const y = e.tensor([4, 5, -6, 7]);
    e.scope(() => T.neg(T.exp(y))).dispose();
    expect(pipelines.compiled).toBe(compiled);
    // unary, dropout and softmax forwards all bind one input and one output.
    expect(pipelines.layout(1, 1)).toBe(pipelines.layout(1, 1));
    expect(pipelines.layout(1, 1)).not.toBe(pipelines.layout(2, 1));
    await e.sync();
    [x, y].forEach((t) => t.dispose());
  });

  test('a kernel may not read and write the same tensor', () => {
    const a = e.tensor([1, 2, 3, 4]);
    const view = T.reshape(a, [2, 2]);
    expect(() =>
      e.launchInto(
        copyKernel,
        [view],
        { shape: [4], srcOffset: 0, srcStrides: [1], dstOffset: 0, dstStrides: [1], dstSize: 4 },
        [a],
      ),
    ).toThrow(/both read and written/);
    a.dispose();
  });
});
