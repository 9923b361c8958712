// The preflight refuses models and batches that cannot fit, before any allocation, naming the layer and what fits.
import { describe, expect, test } from 'vitest';
import { summarize } from './model.ts';
import { checkBudget, deviceBudget, formatBytes } from './memory-budget.ts';
import type { ModelSpec } from './spec.ts';
import { SpecError } from '../errors.ts';

const mlp = (units: number): ModelSpec => ({
  name: 'big',
  input: { shape: [784] },
  layers: [
    { type: 'dense', units, activation: 'relu' },
    { type: 'dense', units: 10 },
  ],
});
// Chromium's default limits on SwiftShader: 128 MiB per binding, 256 MiB per buffer; 8 GiB reported memory.
const budget = deviceBudget({ maxStorageBufferBindingSize: 2 ** 27, maxBufferSize: 2 ** 28 }, 8);

function refusal(spec: ModelSpec, batch: number) {
  try {
    checkBudget(summarize(spec), batch, budget);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return e as SpecError;
  }
  return null;
}

describe('memory preflight', () => {
  test('the budget follows the limits and the reported memory', () => {
    expect(budget).toEqual({ maxBufferBytes: 2 ** 27, totalBytes: 4 * 2 ** 30 });
    expect(deviceBudget(null, 0.5).totalBytes).toBe(2 ** 30);
    expect(formatBytes(3.5 * 2 ** 30)).toBe('3.5 GiB');
    expect(formatBytes(512)).toBe('512 bytes');
  });

  test('a model that fits passes', () => expect(refusal(mlp(128), 64)).toBeNull());

  test('a dense layer of 10⁹ units is refused at its layer with the largest width that fits one buffer', () => {
    const e = refusal(mlp(1e9), 64)!;
    expect(e.path).toBe('layers[0]');
    expect(e.detail).toMatch(
      /^785,000,000,000 parameters \(2\.9 TiB\) are more than this GPU holds in one buffer \(128 MiB\)/,
    );
    // 128 MiB / 4 bytes / 785 weights per unit.
    expect(e.detail).toMatch(/Use at most 42,744 units here/);
  });

  test('3·10⁷ units: the advice names the weights, not the batch or a sequence', () => {
    const e = refusal(mlp(3e7), 64)!;
    expect(e.detail).toMatch(/parameters/);
    expect(e.detail).not.toMatch(/batch|sequence/);
  });

  test('an activation too large for one buffer at this batch says which batch size fits', () => {
    const conv: ModelSpec = {
      name: 'wide conv',
      input: { shape: [256, 256, 3] },
      layers: [
        { type: 'conv2d', filters: 64, kernelSize: 3, padding: 'same' },
        { type: 'flatten' },
        { type: 'dense', units: 2 },
      ],
    };
    const e = refusal(conv, 64)!;
    expect(e.path).toBe('layers[0]');
    expect(e.detail).toMatch(
      /its output is 16 MiB per sample, so a batch of 64 needs 1\.0 GiB.*batch size of at most 8/,
    );
    expect(refusal(conv, 8)).toBeNull();
  });

  test('parameters that fit each buffer but not the budget name the biggest layer', () => {
    const wide: ModelSpec = {
      name: 'many',
      input: { shape: [4096] },
      layers: Array.from({ length: 20 }, () => ({ type: 'dense' as const, units: 4096 })),
    };
    const e = refusal(wide, 1)!;
    expect(e.detail).toMatch(/needs about 5\.0 GiB \(its 335,626,240 parameters.*more than the 4\.0 GiB/);
    expect(e.path).toBe('layers[0]');
    expect(e.detail).toMatch(/This layer holds the most parameters/);
  });

  test('activations of a large batch over the budget: the advice is a batch size that fits', () => {
    const deep: ModelSpec = {
      name: 'deep',
      input: { shape: [64, 64, 32] },
      layers: Array.from({ length: 40 }, () => ({
        type: 'conv2d' as const,
        filters: 32,
        kernelSize: 3,
        padding: 'same' as const,
      })),
    };
    const e = refusal(deep, 200)!;
    expect(e.path).toBe('batchSize');
    const fits = Number(e.detail.match(/batch size of at most ([\d,]+)/)![1].replace(/,/g, ''));
    expect(fits).toBeGreaterThan(1);
    expect(fits).toBeLessThan(200);
    expect(refusal(deep, fits)).toBeNull();
    expect(refusal(deep, fits + 1)).not.toBeNull();
  });
});
