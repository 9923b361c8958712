// The acceptance script's judging and table, and one real headless training run (the `npm run train` path:
// Vite, Chromium with WebGPU, the trainer worker, evaluation and the checkpoint file).
import { describe, expect, test } from 'vitest';
import { formatTable, judge, TARGETS } from './acceptance.mjs';
import { train } from './train.mjs';

describe('acceptance', () => {
  test('targets cover the issue and are judged in the right direction', () => {
    expect(TARGETS.map((t) => t.preset)).toEqual(expect.arrayContaining(['mnist-mlp', 'lenet5', 'cifar-cnn', 'names-transformer', 'spam-bow-mlp', 'iris']));
    const mlp = TARGETS.find((t) => t.preset === 'mnist-mlp')!;
    expect(judge(mlp, { loss: 0.1, report: { accuracy: 0.976 } }).pass).toBe(true);
    expect(judge(mlp, { loss: 0.1, report: { accuracy: 0.97 } }).pass).toBe(false);
    const names = TARGETS.find((t) => t.preset === 'names-transformer')!;
    expect(judge(names, { loss: 2.05, report: null }).pass).toBe(true);
    expect(judge(names, { loss: 2.2, report: null }).pass).toBe(false);
  });

  test('the table shows value, target and verdict', () => {
    const table = formatTable([{ preset: 'iris', epochs: 100, metric: 'accuracy', min: 0.95, value: 0.9667, pass: true, seconds: 12.3 }]);
    expect(table).toMatch(/\| iris\s+\| 100\s+\| all\s+\| accuracy \| 96\.67% \| ≥ 95\.0% \| yes \| 12\s+\|/);
  });

  test('the headless runner trains a preset and returns metrics and a safetensors checkpoint', { timeout: 240_000 }, async () => {
    const r = await train({ preset: 'xor', epochs: 12, limit: 256, seed: 3, 'test-limit': 100 }, { quiet: true });
    expect(r.evaluation.count).toBe(100);
    expect(r.evaluation.report!.accuracy).toBeGreaterThan(0.6);
    const headerLength = Number(r.checkpoint.readBigUInt64LE(0));
    const header = JSON.parse(r.checkpoint.subarray(8, 8 + headerLength).toString('utf8'));
    expect(JSON.parse(header.__metadata__['studio.model_spec']).layers.length).toBeGreaterThan(0);
  });
});
