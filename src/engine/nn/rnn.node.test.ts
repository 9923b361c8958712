// The fused recurrent layers against the same cells composed from elementary ops (slices, sigmoid, tanh,
// mul, add), written out here independently of kernels/rnn-cell: outputs and parameter gradients must
// agree, so a gate-order or sign mistake shared by the fused kernel and its reference cannot pass.
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine.ts';
import { Model } from './model.ts';
import type { ModelSpec } from './spec.ts';
import type { Tensor } from '../tensor.ts';
import * as T from '../ops/api.ts';
import { backward } from '../autograd.ts';

const e = await Engine.create({ backend: 'cpu' });

const cols = (z: Tensor, k: number, u: number) => T.slice(z, [0, k * u], [z.shape[0], u]);

/** One direction of an LSTM or GRU over [B, T, F] from elementary ops; returns the hidden states [B, T, U]. */
function composed(
  kind: 'lstm' | 'gru',
  x: Tensor,
  w: Tensor,
  r: Tensor,
  bias: Tensor,
  u: number,
  reverse: boolean,
): Tensor {
  const [b, t, f] = x.shape;
  const xw = T.reshape(T.add(T.matmul(T.reshape(x, [b * t, f]), w), bias), [b, t, w.shape[1]]);
  let h = e.zeros([b, u]);
  let c = e.zeros([b, u]);
  const outs: Tensor[] = [];
  for (let s = 0; s < t; s++) {
    const ti = reverse ? t - 1 - s : s;
    const xt = T.reshape(T.slice(xw, [0, ti, 0], [b, 1, w.shape[1]]), [b, w.shape[1]]);
    const hr = T.matmul(h, r);
    if (kind === 'lstm') {
      const z = T.add(xt, hr);
      c = T.add(T.mul(T.sigmoid(cols(z, 1, u)), c), T.mul(T.sigmoid(cols(z, 0, u)), T.tanh(cols(z, 2, u))));
      h = T.mul(T.sigmoid(cols(z, 3, u)), T.tanh(c));
    } else {
      const zg = T.sigmoid(T.add(cols(xt, 0, u), cols(hr, 0, u)));
      const rg = T.sigmoid(T.add(cols(xt, 1, u), cols(hr, 1, u)));
      const n = T.tanh(T.add(cols(xt, 2, u), T.mul(rg, cols(hr, 2, u))));
      h = T.add(T.mul(T.sub(1, zg), n), T.mul(zg, h));
    }
    outs[ti] = T.reshape(h, [b, 1, u]);
  }
  return T.concat(outs, 1);
}

describe('fused recurrent layers match the composed cells', () => {
  test.each(['lstm', 'gru'] as const)('%s, bidirectional, all steps', async (kind) => {
    const u = 3;
    const spec: ModelSpec = {
      name: 't',
      input: { shape: [4, 2] },
      seed: 5,
      layers: [{ type: kind, units: u, bidirectional: true, returnSequences: true }],
    };
    const m = new Model(e, spec);
    const p = (dir: string, name: string) => m.tensors.get(`layers[0].${dir}.${name}`)!;
    // Non-zero biases and larger weights, so saturation and the bias path are exercised.
    for (const dir of ['fwd', 'bwd'])
      for (const name of ['kernel', 'recurrent', 'bias'])
        e.assign(p(dir, name), e.randomNormal(p(dir, name).shape, { seed: name.length * 7 + dir.length, std: 1.5 }));
    const x = e.randomNormal([3, 4, 2], { seed: 11 });
    const weights = e.randomNormal([3, 4, 2 * u], { seed: 12 });
    const fused = T.mul(m.forward(x, { training: true }), weights);
    backward(T.sum(fused));
    const fusedGrads = await Promise.all(m.parameters().map((t) => t.grad!.array()));
    const fusedOut = await fused.array();
    m.parameters().forEach((t) => (t.grad = null));
    const ref = T.mul(
      T.concat(
        ['fwd', 'bwd'].map((dir) =>
          composed(kind, x, p(dir, 'kernel'), p(dir, 'recurrent'), p(dir, 'bias'), u, dir === 'bwd'),
        ),
        2,
      ),
      weights,
    );
    backward(T.sum(ref));
    const refOut = await ref.array();
    const refGrads = await Promise.all(m.parameters().map((t) => t.grad!.array()));
    for (let i = 0; i < refOut.length; i++) expect(fusedOut[i]).toBeCloseTo(refOut[i], 10);
    refGrads.forEach((g, k) => g.forEach((v, i) => expect(fusedGrads[k][i]).toBeCloseTo(v, 9)));
    m.dispose();
  });
});
