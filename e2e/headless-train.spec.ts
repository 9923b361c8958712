// User flow: `npm run train` (scripts/train.mjs) trains a preset headless — its own Vite server, Chromium with WebGPU,
// the trainer worker, evaluation and the checkpoint file — and a paused run resumes from a kept profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { train } from '../scripts/train.mjs';

// A kept profile is served from a fixed port (IndexedDB belongs to the origin); follow E2E_PORT so two checkouts
// running e2e side by side do not collide (4173 + 144 is the runner's own default, 4317).
const profilePort = String(Number(process.env.E2E_PORT ?? 4173) + 144);

test('the headless runner trains a preset and returns metrics and a safetensors checkpoint', async () => {
  const r = await train(
    { preset: 'xor', epochs: 12, limit: 256, seed: 3, 'test-limit': 100, 'val-split': 0, schedule: 'cosine' },
    { quiet: true },
  );
  expect(r.evaluation.count).toBe(100);
  expect(r.epochs).toHaveLength(12);
  expect(r.epochs.every((e) => e.valLoss === null)).toBe(true); // --val-split 0 reached the worker
  expect(r.evaluation.report!.accuracy).toBeGreaterThan(0.6);
  const headerLength = Number(r.checkpoint.readBigUInt64LE(0));
  const header = JSON.parse(r.checkpoint.subarray(8, 8 + headerLength).toString('utf8'));
  expect(JSON.parse(header.__metadata__['studio.model_spec']).layers.length).toBeGreaterThan(0);
  await expect(train({ preset: 'xor', epochs: 1, 'val-split': 0.9 }, { quiet: true })).rejects.toThrow(
    /validation split must be a number from 0 to 0\.5 \(it is 0\.9\)/,
  );
});

test('a paused run continues from its checkpoint in a kept profile and ends on the same curve', async () => {
  // Three headless runs of Vite + Chromium in a row: about 2 min idle, past 3 min on a loaded 2-core machine.
  test.setTimeout(360_000);
  const profile = mkdtempSync(join(tmpdir(), 'studio-profile-'));
  try {
    const base = { preset: 'xor', epochs: 3, limit: 128, seed: 5, 'test-limit': 50, 'val-split': 0 };
    const whole = await train(base, { quiet: true });
    const first = await train({ ...base, profile, port: profilePort, 'pause-at-step': 5 }, { quiet: true });
    expect(first.paused).toBe(true);
    expect(first.run.globalStep).toBeGreaterThanOrEqual(5);
    expect(first.run.globalStep).toBeLessThan(12); // 128 samples / 32 per batch × 3 epochs
    const second = await train({ ...base, profile, port: profilePort, resume: 'true' }, { quiet: true });
    expect(second.resumed).toBe(true);
    expect(second.run.globalStep).toBe(12);
    expect(second.epochs).toHaveLength(3);
    second.epochs.forEach((e, i) => expect(e.trainLoss).toBeCloseTo(whole.epochs[i].trainLoss, 5));
    expect(second.evaluation.loss).toBeCloseTo(whole.evaluation.loss, 5);
    expect(second.trainSeconds).toBeGreaterThan(0);
    await expect(train({ ...base, resume: 'true' }, { quiet: true })).rejects.toThrow(/--resume needs --profile DIR/);
    await expect(train({ ...base, 'time-limit': 60 }, { quiet: true })).rejects.toThrow(
      /--time-limit and --pause-at-step need --profile DIR/,
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
