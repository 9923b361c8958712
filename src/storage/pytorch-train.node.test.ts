// train.py of the PyTorch export: torchrun with 2 processes (Gloo, CPU) and 1 process on a tiny dataset; both
// ranks end with the same weights, the loss falls, and the checkpoint imports back with PyTorch's evaluation.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine/engine.ts';
import { Model } from '../engine/nn/model.ts';
import type { ModelSpec } from '../engine/nn/spec.ts';
import { softmaxCrossEntropy } from '../engine/ops/api-nn.ts';
import type { ArrayDataset, TrainConfig } from '../engine/train/types.ts';
import { datasetFiles, pytorchProject } from './pytorch-export.ts';
import { safetensorsToWeights } from './checkpoints.ts';
import { requireTorch, runPython, writeProject } from './pytorch-torch.ts';

const spec: ModelSpec = {
  name: 'Tiny MLP',
  input: { shape: [2] },
  layers: [
    { type: 'dense', units: 8, activation: 'tanh' },
    { type: 'dense', units: 2 },
  ],
  seed: 3,
};
const config: TrainConfig = {
  epochs: 20,
  batchSize: 16,
  optimizer: { kind: 'adam', lr: 0.05 },
  loss: 'softmaxCrossEntropy',
  clipNorm: 5,
  seed: 1,
};

/** Two separable clusters. */
function blobs(n: number, seed: number): ArrayDataset {
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    x[2 * i] = (y[i] ? 1 : -1) + 0.5 * rnd();
    x[2 * i + 1] = (y[i] ? -1 : 1) + 0.5 * rnd();
  }
  return { x, xShape: [2], y, yShape: [], count: n, classes: 2 };
}

const lines = (out: string) =>
  out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number | string>);

async function project(): Promise<{ dir: string; test: ArrayDataset }> {
  const e = await Engine.create({ backend: 'cpu' });
  const model = new Model(e, spec);
  const weights: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const [name, t] of model.tensors)
    weights[name] = { shape: [...t.shape], data: Float32Array.from(await t.data()) };
  const test = blobs(32, 9);
  const dir = writeProject(pytorchProject(spec, weights, config, datasetFiles({ train: blobs(64, 5), test })));
  return { dir, test };
}

/** The studio's own test loss of a weights file read back (CPU engine). */
async function studioLoss(bytes: Uint8Array, test: ArrayDataset): Promise<number> {
  const e = await Engine.create({ backend: 'cpu' });
  const model = new Model(e, spec);
  // The studio's checkpoint import: the spec comes from the file's metadata, names and layouts are mapped back.
  const read = safetensorsToWeights(bytes, spec);
  expect(read.spec).toEqual(spec);
  for (const [name, w] of Object.entries(read.tensors))
    e.assign(model.tensors.get(name)!, e.tensor(new Float32Array(w.data), w.shape));
  const out = model.forward(e.tensor(test.x as Float32Array, [test.count, 2]), { training: false });
  return (await softmaxCrossEntropy(out, e.tensor(test.y as Int32Array, [test.count], 'i32')).data())[0];
}

describe('train.py', () => {
  test(
    'torchrun with 2 processes (Gloo): same weights on both ranks, the loss falls, and it imports back',
    { timeout: 60_000 },
    async () => {
      requireTorch();
      const { dir, test: testSet } = await project();
      const out = runPython(dir, ['--standalone', '--nproc_per_node=2', 'train.py', '--cpu', '--max-steps', '24', '--save-every-rank'], true); // prettier-ignore
      const log = lines(
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .join('\n'),
      );
      const losses = log.filter((l) => 'loss' in l && 'step' in l).map((l) => l.loss as number);
      expect(losses).toHaveLength(24);
      expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]);
      const r0 = readFileSync(join(dir, 'checkpoints/rank0.safetensors'));
      const r1 = readFileSync(join(dir, 'checkpoints/rank1.safetensors'));
      expect(Buffer.compare(r0, r1), 'rank 0 and rank 1 weights differ').toBe(0);
      const evalLine = log.find((l) => l.eval === 'test')!;
      const ours = await studioLoss(new Uint8Array(readFileSync(join(dir, 'checkpoints/checkpoint-step24.safetensors'))), testSet); // prettier-ignore
      console.log(`2 processes: loss ${losses[0].toFixed(4)} → ${losses.at(-1)!.toFixed(4)}; test loss PyTorch ${evalLine.loss}, studio ${ours}`); // prettier-ignore
      expect(Math.abs(ours - (evalLine.loss as number))).toBeLessThan(1e-5);
    },
  );

  test(
    'FSDP with 2 processes (Gloo): the sharded run saves whole weights that import back',
    { timeout: 60_000 },
    async () => {
      requireTorch();
      const { dir, test: testSet } = await project();
      const out = runPython(dir, ['--standalone', '--nproc_per_node=2', 'train.py', '--cpu', '--max-steps', '24', '--fsdp'], true); // prettier-ignore
      const log = lines(
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .join('\n'),
      );
      const losses = log.filter((l) => 'step' in l).map((l) => l.loss as number);
      expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]);
      const evalLine = log.find((l) => l.eval === 'test')!;
      const ours = await studioLoss(new Uint8Array(readFileSync(join(dir, 'checkpoints/checkpoint-step24.safetensors'))), testSet); // prettier-ignore
      console.log(`FSDP: loss ${losses[0].toFixed(4)} → ${losses.at(-1)!.toFixed(4)}; test loss PyTorch ${evalLine.loss}, studio ${ours}`); // prettier-ignore
      expect(Math.abs(ours - (evalLine.loss as number))).toBeLessThan(1e-5);
    },
  );

  test(
    'one process: the loss falls and the checkpoint imports back with the same test loss',
    { timeout: 60_000 },
    async () => {
      requireTorch();
      const { dir, test: testSet } = await project();
      const log = lines(runPython(dir, ['train.py', '--cpu', '--max-steps', '24']));
      const losses = log.filter((l) => 'step' in l).map((l) => l.loss as number);
      expect(losses.at(-1)!).toBeLessThan(0.5 * losses[0]);
      const evalLine = log.find((l) => l.eval === 'test')!;
      const ours = await studioLoss(new Uint8Array(readFileSync(join(dir, 'checkpoints/checkpoint-step24.safetensors'))), testSet); // prettier-ignore
      console.log(`1 process: loss ${losses[0].toFixed(4)} → ${losses.at(-1)!.toFixed(4)}; test loss PyTorch ${evalLine.loss}, studio ${ours}`); // prettier-ignore
      expect(Math.abs(ours - (evalLine.loss as number))).toBeLessThan(1e-5);
    },
  );
});
