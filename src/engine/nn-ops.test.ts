// Behaviour of the deep-model ops on WebGPU beyond numerics: typed errors before GPU work, the attention
// visualisation path, batch norm's two modes, loss stability at ±1e4, and determinism of embedding
// gradients and dropout masks.
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from './engine.ts';
import * as T from './ops/api.ts';
import { backward } from './autograd.ts';
import { DTypeError, IndexRangeError, ShapeError } from './errors.ts';
import { WebGPUBackend } from './webgpu/webgpu-backend.ts';
import { normalValues } from '../../kernels/common/random.mjs';
import { expectClose } from '../../kernels/common/test-harness.ts';
import { MATMUL_TILE_CANDIDATES } from '../../kernels/matmul/matmul.ts';

const e = await Engine.create();
afterAll(() => e.dispose());
const dispatches = () => (e.backend as WebGPUBackend).runner.counters.dispatches;

describe('bad input is refused before any GPU work, naming the op and shapes', () => {
  test.each([
    [
      'conv2d channel mismatch',
      () => T.conv2d(e.zeros([1, 5, 5, 3]), e.zeros([3, 3, 2, 4])),
      /conv2d: filter expects 2 input channels/,
    ],
    [
      'conv2d groups',
      () => T.conv2d(e.zeros([1, 5, 5, 3]), e.zeros([3, 3, 1, 4]), { groups: 3 }),
      /groups=3 must divide/,
    ],
    ['conv2d filter too big', () => T.conv2d(e.zeros([1, 2, 2, 1]), e.zeros([3, 3, 1, 1])), /does not fit 2x2/],
    ['conv2d rank', () => T.conv2d(e.zeros([5, 5, 3]), e.zeros([3, 3, 3, 4])), /4-D NHWC/],
    ['maxPool window too big', () => T.maxPool2d(e.zeros([1, 2, 2, 1]), { size: 3 }), /3x3 window does not fit/],
    [
      'layerNorm gamma shape',
      () => T.layerNorm(e.zeros([2, 4]), e.ones([3]), e.zeros([4])),
      /gamma and beta must have shape \[4\]/,
    ],
    ['cross-entropy label dtype', () => T.softmaxCrossEntropy(e.zeros([2, 4]), e.zeros([2])), /labels must be i32/],
    [
      'cross-entropy label shape',
      () => T.softmaxCrossEntropy(e.zeros([2, 4]), e.tensor(new Int32Array(3))),
      /do not match logits \[2, 4\]/,
    ],
    [
      'attention shapes',
      () => T.attention(e.zeros([1, 2, 4, 8]), e.zeros([1, 2, 5, 8]), e.zeros([1, 2, 4, 8])),
      /attention: q, k and v must share/,
    ],
    [
      'attention head size',
      () => T.attention(e.zeros([1, 1, 2, 200]), e.zeros([1, 1, 2, 200]), e.zeros([1, 1, 2, 200])),
      /head size 200 exceeds/,
    ],
    ['dropout p', () => T.dropout(e.zeros([4]), 1.5, 1), /dropout: probability must be in \[0, 1\)/],
    [
      'embedding table rank',
      () => T.embedding(e.zeros([4]), e.tensor(new Int32Array([1]))),
      /embedding: table must be/,
    ],
  ])('%s', (_name, run, message) => {
    const before = dispatches();
    expect(run).toThrow(message as RegExp);
    // The zeros/tensor inputs themselves dispatch fills; the op itself must add nothing after its check.
    expect(dispatches() - before).toBeLessThanOrEqual(3);
  });

  test('errors are typed', () => {
    expect(() => T.conv2d(e.zeros([1, 5, 5, 3]), e.zeros([3, 3, 2, 4]))).toThrow(ShapeError);
    expect(() => T.softmaxCrossEntropy(e.zeros([2, 4]), e.zeros([2]))).toThrow(DTypeError);
  });

  test('work too large for one dispatch is refused with a clear error, and the device survives', async () => {
    const limit = e.adapter!.limits.maxComputeWorkgroupsPerDimension;
    const big = e.zeros([1, 1]);
    // A matmul whose M needs more than `limit` row tiles even of the tallest tile shape (256 rows; a 64 MiB operand).
    const m = (limit + 1) * Math.max(...MATMUL_TILE_CANDIDATES.map((t) => t.wgY * 4));
    const a = e.zeros([m, 1]);
    expect(() => T.matmul(a, big)).toThrow(/workgroups but this GPU allows/);
    a.dispose();
    big.dispose();
    expect(await T.neg(e.tensor([1])).array()).toEqual([-1]);
  });
});

describe('attention weights for visualisation', () => {
  test('the explicit weights times V equal the fused output for that head', async () => {
    const [b, h, t, d] = [2, 3, 9, 8];
    const [q, k, v] = [1, 2, 3].map((s) => e.tensor(normalValues(b * h * t * d, s), [b, h, t, d]));
    const lens = e.tensor(new Int32Array([9, 6]));
    const fused = await T.slice(T.attention(q, k, v, { causal: true, lens }), [1, 2, 0, 0], [1, 1, t, d]).data();
    const w = T.attentionWeights(q, k, { causal: true, batch: 1, head: 2, keyLength: 6 });
    expect(w.shape).toEqual([t, t]);
    const rows = await T.sum(w, 1).data();
    rows.forEach((r) => expect(r).toBeCloseTo(1, 5));
    const manual = await T.matmul(w, T.reshape(T.slice(v, [1, 2, 0, 0], [1, 1, t, d]), [t, d])).data();
    expectClose(manual, fused, 1e-5, 1e-4, 'weights · V');
    const wv = await w.data();
    expect(wv[0 * t + 1]).toBe(0); // causal: query 0 cannot see key 1
    expect(wv[8 * t + 7]).toBe(0); // key length 6 masks key 7
  });
});

describe('batch norm', () => {
  test('training normalises with batch statistics and updates running statistics; inference uses them', async () => {
    const x = e.tensor(normalValues(4 * 3 * 3 * 2, 5, 3, 2), [4, 3, 3, 2]);
    const gamma = e.ones([2]);
    const beta = e.zeros([2]);
    const state = { mean: e.zeros([2]), variance: e.ones([2]) };
    const y = T.batchNorm(x, gamma, beta, state, { training: true, momentum: 0.5 });
    const m = await T.mean(y, [0, 1, 2]).data();
    const v = await T.variance(y, [0, 1, 2]).data();
    m.forEach((val) => expect(Math.abs(val)).toBeLessThan(1e-5));
    v.forEach((val) => expect(val).toBeCloseTo(1, 3));
    const batchMean = await T.mean(x, [0, 1, 2]).data();
    expectClose(
      await state.mean.data(),
      Array.from(batchMean, (bm) => 0.5 * bm),
      1e-5,
      1e-5,
      'running mean',
    );
    const inference = await T.batchNorm(x, gamma, beta, state, { training: false }).data();
    const expected = await T.div(T.sub(x, state.mean), T.sqrt(T.add(state.variance, 1e-5))).data();
    expectClose(inference, expected, 1e-5, 1e-5, 'inference');
  });
});

describe('numerical stability and determinism', () => {
  test('BCE with logits of ±1e4 is finite and exact', async () => {
    const x = e.tensor([1e4, -1e4, 1e4, -1e4]);
    const y = e.tensor([1, 0, 0, 1]);
    const l = await T.bceWithLogits(x, y, { reduction: 'none' }).data();
    expectClose(l, [0, 0, 1e4, 1e4], 1e-3, 1e-6, 'bce');
  });

  test('BCE gradient at logit 0 is sigmoid(0) − y', async () => {
    const x = e.variable(e.tensor([0, 0]));
    e.scope(() => backward(T.bceWithLogits(x, e.tensor([1, 0]), { reduction: 'sum' })));
    expect(await x.grad!.array()).toEqual([-0.5, 0.5]);
    x.dispose();
  });

  test('embedding gradients are bit-identical across runs', async () => {
    const table = e.variable(e.tensor(normalValues(50 * 16, 1), [50, 16]));
    const ids = e.tensor(
      Int32Array.from({ length: 300 }, (_, i) => (i * 7) % 13),
      [10, 30],
    );
    const grads: number[][] = [];
    for (let run = 0; run < 3; run++) {
      e.scope(() => backward(T.sum(T.mul(T.embedding(table, ids), e.tensor(normalValues(300 * 16, 2), [10, 30, 16])))));
      grads.push(await table.grad!.array());
      table.grad!.dispose();
      table.grad = null;
    }
    expect(grads[1]).toEqual(grads[0]);
    expect(grads[2]).toEqual(grads[0]);
    table.dispose();
  });

  test('dropout: the same seed gives the same mask, another seed another', async () => {
    const x = e.ones([1000]);
    const a = await T.dropout(x, 0.5, 42).array();
    const b = await T.dropout(x, 0.5, 42).array();
    const c = await T.dropout(x, 0.5, 43).array();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.every((v) => v === 0 || v === 2)).toBe(true);
  });
});

describe('indices outside the table are refused on both backends, before any work', () => {
  test.each(['webgpu', 'cpu'] as const)('%s', async (kind) => {
    const en = kind === 'webgpu' ? e : await Engine.create({ backend: 'cpu' });
    const table = en.tensor(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    const tokens = en.tensor(new Int32Array([0, 2, 3]), [3]);
    expect(() => T.embedding(table, tokens)).toThrow(IndexRangeError);
    expect(() => T.embedding(table, tokens)).toThrow(/embedding: index 3 is not a token id .*3 tokens: ids 0 to 2/);
    expect(() => T.embedding(table, en.tensor(new Int32Array([-1]), [1]))).toThrow(/index -1 is not a token id/);
    expect(() => T.gather(table, en.tensor(new Int32Array([1, -4]), [2]), 0)).toThrow(
      /gather: index -4 is outside \[-3, 3\) for axis 0 of a \[3, 2\] tensor/,
    );
    // ONNX's rule: a negative index counts from the end, the same on both backends.
    expect(Array.from(await T.gather(table, en.tensor(new Int32Array([-1, 0]), [2]), 0).data())).toEqual([5, 6, 1, 2]);
    // An index a kernel computed is not known on the host: it reads NaN, so the loss shows it.
    const computed = T.cast(en.tensor(new Float32Array([1, 7])), 'i32');
    expect(Array.from(await T.gather(table, computed, 0).data())).toEqual([3, 4, NaN, NaN]);
    if (kind === 'cpu') en.dispose();
  });
});
