// The Node runner's training path (scripts/dawn/train.ts) on the CPU engine: the same preset settings as the
// trainer worker, the loss falls, the test split is scored, character models get samples, the schedule override
// replaces the preset's, and the kernel initialiser override reaches nested layers. Dawn itself needs a GPU and is
// exercised by scripts, not here.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { Engine, PRESETS, type ModelSpec } from '../../src/engine/index.ts';
import { datasetFrom, trainPreset, withKernelInitializer } from './train.ts';
import { dawnFlags } from './gpu.ts';

const e = await Engine.create({ backend: 'cpu' });
/** A dataset from its pack in public/datasets (npm run datasets), as the runner reads it. */
const packed = (id: string) => {
  const buf = readFileSync(`public/datasets/${id}.pack`);
  return datasetFrom(id, buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
};

describe('trainPreset (CPU engine)', () => {
  test('xor: the loss falls and the test split is scored well above chance', async () => {
    const ds = datasetFrom('xor', null);
    const events: string[] = [];
    const r = await trainPreset(e, ds, {
      presetId: 'xor',
      epochs: 6,
      seed: 3,
      onEvent: (ev) => void events.push(ev.kind),
    });
    expect(r.epochs).toHaveLength(6);
    expect(r.epochs[5].trainLoss).toBeLessThan(r.epochs[0].trainLoss * 0.8);
    expect(r.evaluation.count).toBe(ds.test.count);
    expect(r.evaluation.report!.accuracy).toBeGreaterThan(0.75);
    expect(r.steps).toBe(6 * Math.ceil(ds.train.count / PRESETS.find((p) => p.id === 'xor')!.training.batchSize));
    expect(r.samples).toBeNull();
    expect(events).toContain('step');
  });

  test('the same seed gives the same result; a pack is read and a character model gets samples', async () => {
    const ds = packed('first-names');
    const run = () =>
      trainPreset(e, ds, { presetId: 'names-transformer', epochs: 1, limit: 64, testLimit: 32, seed: 2 });
    const [a, b] = [await run(), await run()];
    expect(a.evaluation.loss).toBe(b.evaluation.loss);
    expect(a.evaluation.count).toBe(32);
    expect(a.samples).toHaveLength(12);
  }, 60_000);

  test("--schedule replaces the preset's learning-rate schedule", async () => {
    const ds = datasetFrom('xor', null);
    const rates = async (schedule?: { kind: 'cosine' }) => {
      const lr: number[] = [];
      await trainPreset(e, ds, {
        presetId: 'xor',
        epochs: 2,
        seed: 1,
        schedule,
        onEvent: (ev) => void (ev.kind === 'step' && lr.push(ev.lr)),
      });
      return lr;
    };
    const preset = await rates();
    expect(new Set(preset).size).toBe(1); // xor's preset trains at a constant rate
    const cosine = await rates({ kind: 'cosine' });
    expect(cosine[0]).toBeCloseTo(preset[0], 12);
    expect(cosine.at(-1)!).toBeLessThan(cosine[0] * 0.05);
  });

  test('LeNet-5 decays its rate along a cosine unless the run asks for a constant one; the result names it', async () => {
    const ds = packed('mnist');
    const run = async (schedule?: { kind: 'constant' }) => {
      const lr: number[] = [];
      const r = await trainPreset(e, ds, {
        presetId: 'lenet5',
        epochs: 1,
        limit: 48,
        testLimit: 16,
        batchSize: 16,
        seed: 1,
        schedule,
        onEvent: (ev) => void (ev.kind === 'step' && lr.push(ev.lr)),
      });
      return { lr, schedule: r.schedule };
    };
    const preset = await run();
    expect(preset.schedule).toBe('cosine');
    expect(preset.lr.length).toBeGreaterThanOrEqual(2); // step events are throttled; the first and last always come
    expect(preset.lr.at(-1)!).toBeLessThan(preset.lr[0] * 0.5);
    const constant = await run({ kind: 'constant' });
    expect(constant.schedule).toBe('constant');
    expect(new Set(constant.lr)).toEqual(new Set([preset.lr[0]]));
  }, 60_000);

  test('an unknown preset and a missing pack are refused by name', async () => {
    await expect(trainPreset(e, datasetFrom('xor', null), { presetId: 'nope' })).rejects.toThrow(
      /Unknown preset "nope"/,
    );
    expect(() => datasetFrom('mnist', null)).toThrow(/needs its pack file \(mnist\.pack\)/);
  });
});

test('withKernelInitializer reaches Dense and Conv2D layers inside residual blocks', () => {
  const spec: ModelSpec = {
    name: 's',
    input: { shape: [4] },
    layers: [
      { type: 'dense', units: 4 },
      { type: 'residual', layers: [{ type: 'dense', units: 4, activation: 'relu' }] },
      { type: 'dropout', rate: 0.1 },
    ],
  };
  const out = withKernelInitializer(spec, 'glorotUniform');
  expect(out.layers[0]).toMatchObject({ kernelInitializer: 'glorotUniform' });
  expect((out.layers[1] as { layers: unknown[] }).layers[0]).toMatchObject({ kernelInitializer: 'glorotUniform' });
  expect(out.layers[2]).toEqual({ type: 'dropout', rate: 0.1 });
  expect(spec.layers[0]).not.toHaveProperty('kernelInitializer');
});

test('dawnFlags takes --dawn pairs out of the command line and refuses a bare one', () => {
  expect(dawnFlags(['--quick', '--dawn', 'backend=vulkan', '--only', 'matmul'])).toEqual({
    flags: ['backend=vulkan'],
    rest: ['--quick', '--only', 'matmul'],
  });
  expect(() => dawnFlags(['--dawn'])).toThrow(/needs a Dawn flag/);
});
