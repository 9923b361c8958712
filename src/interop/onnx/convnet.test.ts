// A small NCHW conv net written with the ONNX codec runs on our engine: numerics against a float64 reference, the
// Conv → BN → Relu → Conv chain without permutes between the convs, input checks, and the RunnableModel contract.
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.ts';
import { ShapeError } from '../../engine/errors.ts';
import type { WebGPUBackend } from '../../engine/webgpu/webgpu-backend.ts';
import { compileOnnx } from './index.ts';
import { encodeModel, onnx } from './proto.ts';

const e = await Engine.create();
afterAll(() => e.dispose());
const dispatches = () => (e.backend as WebGPUBackend).runner.counters.dispatches;

function values(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  });
}

const W1 = values(3 * 2 * 3 * 3, 1);
const B1 = values(3, 2);
const BN = { g: [1.5, 0.5, 2], b: [0.1, -0.2, 0.3], m: [0.05, -0.1, 0.2], v: [0.5, 1.5, 0.8] };
const W2 = values(2 * 3 * 3 * 3, 3);
const tensor = (name: string, dims: number[], floatData: number[]) => ({ name, dims, dataType: 1, floatData });
const ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });

/** x [batch, 2, 5, 5] → Conv 3×3 pad 1 (+bias) → BN → Relu → Conv 3×3 stride 2 SAME_UPPER → y. */
function model(chain: boolean): Uint8Array {
  const conv1 = { opType: 'Conv', input: ['x', 'w1', 'b1'], output: ['c1'], attribute: [ints('pads', [1, 1, 1, 1])] };
  const nodes: onnx.INodeProto[] = chain
    ? [
        conv1,
        { opType: 'BatchNormalization', input: ['c1', 'g', 'bb', 'm', 'v'], output: ['n1'] },
        { opType: 'Relu', input: ['n1'], output: ['r1'] },
        {
          opType: 'Conv',
          input: ['r1', 'w2'],
          output: ['y'],
          attribute: [
            ints('strides', [2, 2]),
            { name: 'auto_pad', type: 3, s: new TextEncoder().encode('SAME_UPPER') },
          ],
        },
      ]
    : [{ ...conv1, output: ['y'] }];
  const dim = (d: number | string) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d });
  const info = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: 1, shape: { dim: dims.map(dim) } } },
  });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'convnet',
      node: nodes,
      initializer: [
        tensor('w1', [3, 2, 3, 3], W1),
        tensor('b1', [3], B1),
        tensor('g', [3], BN.g),
        tensor('bb', [3], BN.b),
        tensor('m', [3], BN.m),
        tensor('v', [3], BN.v),
        tensor('w2', [2, 3, 3, 3], W2),
      ],
      input: [info('x', ['batch', 2, 5, 5])],
      output: [info('y', ['batch', chain ? 2 : 3, chain ? 3 : 5, chain ? 3 : 5])],
    },
  });
}

/** Float64 NCHW convolution with OIHW weights (the reference). */
function convRef(x: number[], [n, c, h, w]: number[], wt: number[], m: number, k: number, stride: number, pad: number) {
  const oh = Math.floor((h + 2 * pad - k) / stride) + 1;
  const ow = Math.floor((w + 2 * pad - k) / stride) + 1;
  const out = new Array<number>(n * m * oh * ow).fill(0);
  for (let b = 0; b < n; b++)
    for (let o = 0; o < m; o++)
      for (let y = 0; y < oh; y++)
        for (let xx = 0; xx < ow; xx++) {
          let s = 0;
          for (let ci = 0; ci < c; ci++)
            for (let ky = 0; ky < k; ky++)
              for (let kx = 0; kx < k; kx++) {
                const iy = y * stride - pad + ky;
                const ix = xx * stride - pad + kx;
                if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue;
                s += x[((b * c + ci) * h + iy) * w + ix] * wt[((o * c + ci) * k + ky) * k + kx];
              }
          out[((b * m + o) * oh + y) * ow + xx] = s;
        }
  return { out, shape: [n, m, oh, ow] };
}

function reference(x: number[], batch: number): number[] {
  const c1 = convRef(x, [batch, 2, 5, 5], W1, 3, 3, 1, 1);
  const r = c1.out.map((v, i) => {
    const ch = Math.floor(i / 25) % 3;
    const bn = ((v + B1[ch] - BN.m[ch]) / Math.sqrt(BN.v[ch] + 1e-5)) * BN.g[ch] + BN.b[ch];
    return Math.max(0, bn);
  });
  // SAME_UPPER with stride 2 on 5×5, kernel 3: total padding 2, 1 each side.
  return convRef(r, c1.shape, W2, 2, 3, 2, 1).out;
}

describe('a small NCHW conv net from the ONNX codec', () => {
  it('matches a float64 reference, folds the BN, fuses the Relu, and runs the chain without permutes between convs', async () => {
    const m = await compileOnnx(model(true), 'convnet.onnx', e);
    expect(m.engine).toBe('studio');
    expect(m.signature.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 2, 5, 5] }]);
    for (const batch of [1, 2]) {
      const x = values(batch * 50, 10 + batch);
      const { y } = await m.run({ x: { dtype: 'float32', shape: [batch, 2, 5, 5], data: Float32Array.from(x) } });
      expect(y.shape).toEqual([batch, 2, 3, 3]);
      const want = reference(x, batch);
      const got = Array.from(y.data as Float32Array);
      got.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-5));
    }
    // BN was folded into the first Conv and the Relu fused into it.
    expect(m.opTable!().map((r) => [r.op, r.count])).toEqual([['Conv', 2]]);
    // One conv alone costs D dispatches plus a permute in and a permute out; the chain of two must cost 2·D + 2:
    // the NHWC layout flows from conv to conv, and the Relu runs in the conv's epilogue.
    const single = await compileOnnx(model(false), 'one.onnx', e);
    const x1 = { x: { dtype: 'float32' as const, shape: [1, 2, 5, 5], data: new Float32Array(50) } };
    await single.run(x1);
    let before = dispatches();
    await single.run(x1);
    const perConv = dispatches() - before - 2;
    before = dispatches();
    await m.run(x1);
    expect(dispatches() - before).toBe(2 * perConv + 2);
    single.dispose();
    m.dispose();
    await expect(m.run(x1)).rejects.toThrow(/disposed/);
  });

  it('checks inputs against the signature, naming the input', async () => {
    const m = await compileOnnx(model(false), 'one.onnx', e);
    const run = (shape: number[], dtype: 'float32' | 'int32' = 'float32') =>
      m.run({ x: { dtype, shape, data: dtype === 'int32' ? new Int32Array(50) : new Float32Array(50) } });
    await expect(run([2, 5, 5])).rejects.toThrow(ShapeError);
    await expect(run([2, 5, 5])).rejects.toThrow(/input 'x'.*rank 4/);
    await expect(run([1, 3, 5, 5])).rejects.toThrow(/input 'x'.*dimension 1 must be 2/);
    await expect(run([1, 2, 5, 5], 'int32')).rejects.toThrow(/input 'x'.*float32/);
    await expect(m.run({})).rejects.toThrow(/input 'x'.*missing/);
    m.dispose();
  });
});
