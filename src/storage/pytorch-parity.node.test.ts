// Parity of the PyTorch export for every preset: the generated model.py with the exported weights gives the CPU
// engine's outputs and, for the loss sum(output · r), the same gradient of every parameter (needs torch in .venv).
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { backward } from '../engine/autograd.ts';
import { Model } from '../engine/nn/model.ts';
import type { ModelSpec } from '../engine/nn/spec.ts';
import { mul, sum } from '../engine/ops/api.ts';
import { PRESETS } from '../engine/nn/presets.ts';
import { modelPy } from '../interop/pytorch/model-py.ts';
import { toTorchWeights, torchEntries } from '../interop/pytorch/names.ts';
import { SAFETENSORS_IO_PY } from '../interop/pytorch/python.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';
import { torchWeightsFile, weightsFromTorchFile } from './pytorch-export.ts';
import { requireTorch, runPython, writeProject } from './pytorch-torch.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const e = await Engine.create({ backend: 'cpu' });
const BATCH = 2;

const PARITY_PY = `
import torch
from model import build_model
from safetensors_io import read_safetensors, write_safetensors
torch.manual_seed(0)
import sys
model = build_model('weights.safetensors').train(sys.argv[1] == 'train')
io = read_safetensors('input.safetensors')
x = io['x'].long() if io['x'].dtype == torch.int32 else io['x']
out = model(x)
(out * io['r']).sum().backward()
res = {'out': out}
for name, p in model.named_parameters():
    if p.grad is not None:
        res['grad.' + name] = p.grad
for name, b in model.named_buffers():
    if b.dtype == torch.float32:
        res['state.' + name] = b
write_safetensors('output.safetensors', res)
`;

const f32 = (t: { data: Uint8Array }) => new Float32Array(t.data.slice().buffer);
const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * max |a − b| / max |b|: the error relative to the tensor's scale, with `floor` under the scale (a key bias's true
 * gradient is zero, attention being blind to a shift of every score, so only rounding noise is left there).
 */
function relError(a: Float32Array, b: Float32Array, floor = 1e-12): number {
  let d = 0;
  let m = floor;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}

/** Random small values for biases, norms' scales and statistics, so the check covers them too. */
async function perturb(model: Model, seed: number): Promise<void> {
  let i = 0;
  for (const [name, t] of model.tensors) {
    const base = /(bias\d?|beta|movingMean|b[qkvo])$/.test(name) ? 0 : /(gamma|movingVariance)$/.test(name) ? 1 : null;
    if (base === null) continue;
    const noise = Float32Array.from(await e.randomNormal(t.shape, { seed: seed + i++, std: 0.1 }).data());
    e.assign(
      t,
      e.tensor(
        noise.map((v) => base + (base ? Math.abs(v) : v)),
        t.shape,
      ),
    );
  }
}

async function parity(spec: ModelSpec, training = false): Promise<{ out: number; grad: number; worstGrad: string }> {
  const model = new Model(e, spec);
  await perturb(model, 7);
  const shape = [BATCH, ...spec.input.shape];
  const n = shape.reduce((a, b) => a * b, 1);
  const vocab = spec.layers[0].type === 'embedding' ? spec.layers[0].vocabSize : 0;
  const xv = vocab
    ? Int32Array.from({ length: n }, (_, i) => (i * 7919 + 13) % vocab)
    : Float32Array.from(await e.randomNormal(shape, { seed: 3 }).data());
  const x = vocab ? e.tensor(xv, shape, 'i32') : e.tensor(xv, shape);
  // The weights before the step (a training forward moves the batch-norm statistics).
  const snapshot = async () => {
    const out: Record<string, { shape: number[]; data: Float32Array }> = {};
    for (const [name, t] of model.tensors) out[name] = { shape: [...t.shape], data: Float32Array.from(await t.data()) };
    return out;
  };
  const weights = await snapshot();
  const y = model.forward(x, { training });
  const rv = Float32Array.from(await e.randomNormal(y.shape, { seed: 4 }).data());
  const ours = Float32Array.from(await y.data());
  backward(sum(mul(y, e.tensor(rv, y.shape))));
  const grads: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [name, t] of model.tensors) {
    grads[name] = {
      shape: [...t.shape],
      data: t.grad ? Float32Array.from(await t.grad.data()) : new Float32Array(t.size),
    };
  }
  const input = encodeSafetensors({
    x: { dtype: vocab ? 'I32' : 'F32', shape, data: bytes(xv) },
    r: { dtype: 'F32', shape: [...y.shape], data: bytes(rv) },
  });
  const dir = writeProject({
    'model.py': modelPy(spec),
    'safetensors_io.py': SAFETENSORS_IO_PY,
    'weights.safetensors': torchWeightsFile(spec, weights),
    'input.safetensors': input,
    'parity.py': PARITY_PY,
  });
  runPython(dir, ['parity.py', training ? 'train' : 'eval']);
  const res = decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'output.safetensors')))).tensors;
  const torchGrads = toTorchWeights(spec, grads);
  let grad = 0;
  let worstGrad = '';
  const largest = Math.max(
    ...[...torchGrads.values()].map((g) => g.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0)),
  );
  for (const entry of torchEntries(spec)) {
    const theirs = res[`grad.${entry.torch}`];
    if (!entry.studio || /running_/.test(entry.torch)) continue;
    expect(theirs, `${spec.name}: PyTorch has no gradient for ${entry.torch}`).toBeDefined();
    const err = relError(f32(theirs), torchGrads.get(entry.torch)!.data, 1e-2 * largest);
    if (err > grad) [grad, worstGrad] = [err, entry.torch];
  }
  // The way back: the exported file read as studio weights is the studio's weights, bit for bit.
  const back = weightsFromTorchFile(spec, torchWeightsFile(spec, weights));
  for (const [name, w] of Object.entries(weights))
    expect(Array.from(back[name].data), name).toEqual(Array.from(w.data));
  // Batch-norm statistics after the step: the same momentum convention and unbiased running variance.
  const state = toTorchWeights(spec, await snapshot());
  for (const entry of torchEntries(spec).filter((x) => /running_/.test(x.torch))) {
    const err = relError(f32(res[`state.${entry.torch}`]), state.get(entry.torch)!.data);
    if (err > grad) [grad, worstGrad] = [err, entry.torch];
  }
  model.dispose();
  return { out: relError(f32(res.out), ours), grad, worstGrad };
}

/** Layers no preset uses: every kind the studio has, with 'same' padding, strides and both RNN directions. */
const ZOO: ModelSpec[] = [
  {
    name: 'Image zoo',
    input: { shape: [7, 6, 3] },
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: [3, 2], strides: 2, padding: 'same', activation: 'leakyRelu' },
      { type: 'batchNorm', epsilon: 0.01 },
      { type: 'zeroPadding2d', pads: [1, 0, 2, 1] },
      { type: 'conv2d', filters: 6, kernelSize: 2, groups: 2, useBias: false, activation: 'relu6' },
      { type: 'conv2d', filters: 4, kernelSize: 1, padding: 'same' },
      {
        type: 'residual',
        layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'gelu' }],
      },
      { type: 'maxPool2d', poolSize: 3, strides: 2, padding: 'same' },
      { type: 'avgPool2d', poolSize: 2, strides: 1, padding: 'same' },
      { type: 'activation', activation: 'sigmoid' },
      { type: 'globalAvgPool2d' },
      { type: 'reshape', shape: [2, 2] },
      { type: 'batchNorm' },
      { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'softmax', useBias: false },
    ],
    seed: 2,
  },
  {
    name: 'Sequence zoo',
    input: { shape: [5, 4] },
    layers: [
      { type: 'gru', units: 3, returnSequences: true, bidirectional: true },
      { type: 'simpleRNN', units: 4, returnSequences: true },
      { type: 'multiHeadAttention', heads: 2, causal: true },
      {
        type: 'residual',
        layers: [
          { type: 'layerNorm', epsilon: 1e-3 },
          { type: 'dense', units: 4, activation: 'tanh' },
        ],
      },
      { type: 'batchNorm' },
      { type: 'transformerBlock', heads: 1, mlpRatio: 2 },
      { type: 'gru', units: 2 },
      { type: 'dense', units: 2 },
    ],
    seed: 4,
  },
];

describe('PyTorch export parity with the CPU engine, every layer kind', () => {
  for (const [spec, training] of ZOO.flatMap(
    (z) =>
      [
        [z, false],
        [z, true],
      ] as const,
  )) {
    test(`${spec.name}, ${training ? 'training (batch statistics)' : 'inference'}`, { timeout: 60_000 }, async () => {
      requireTorch();
      const r = await parity(spec, training);
      console.log(`parity ${spec.name} ${training ? 'training' : 'inference'}: output ${r.out.toExponential(2)}, gradient ${r.grad.toExponential(2)} (${r.worstGrad})`); // prettier-ignore
      expect(r.out).toBeLessThanOrEqual(1e-4);
      expect(r.grad, `gradient of ${r.worstGrad}`).toBeLessThanOrEqual(1e-4);
    });
  }
});

describe('PyTorch export parity with the CPU engine, every preset', () => {
  for (const p of PRESETS) {
    test(`${p.id} (${p.spec.name})`, { timeout: 60_000 }, async () => {
      requireTorch();
      const r = await parity(p.spec);
      console.log(
        `parity ${p.id}: output ${r.out.toExponential(2)}, gradient ${r.grad.toExponential(2)} (${r.worstGrad})`,
      );
      expect(r.out, `${p.id} output`).toBeLessThanOrEqual(1e-4);
      expect(r.grad, `${p.id} gradient of ${r.worstGrad}`).toBeLessThanOrEqual(1e-4);
    });
  }
});
