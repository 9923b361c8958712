// User flow: train a short MNIST MLP run, then export it from the Storage view as a PyTorch project. The zip holds
// model.py, the weights in PyTorch's layout, train.py, config.json with the run's settings and the whole dataset;
// where .venv has torch, the model it builds scores a batch of the exported test images.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { guard, startCheckpointedRun } from './origin-guard.ts';

test('export a trained run as a PyTorch project', async ({ page }) => {
  const g = guard(page);
  await startCheckpointedRun(page, '/#train');
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });

  await page.getByRole('tab', { name: 'Storage' }).click();
  const button = page.getByRole('button', { name: /as PyTorch$/ });
  await expect(button).toBeEnabled({ timeout: 30_000 });
  const downloading = page.waitForEvent('download');
  await button.click();
  const file = await downloading;
  expect(file.suggestedFilename()).toMatch(/_step-\d+\.pytorch\.zip$/);
  const zip = unzipSync(new Uint8Array(readFileSync(await file.path())));
  for (const name of ['model.py', 'train.py', 'data.py', 'safetensors_io.py', 'config.json', 'README.md'])
    expect(zip[name], name).toBeDefined();
  expect(strFromU8(zip['model.py'])).toContain('self.fc1 = nn.Linear(784, 128)');
  const config = JSON.parse(strFromU8(zip['config.json']));
  expect(config).toMatchObject({ epochs: 1, batchSize: 16 });
  const data = JSON.parse(strFromU8(zip['data/dataset.json']));
  expect(zip['data/train.x.bin'].byteLength).toBe(data.splits.train.count * 784);
  await expect(page.getByTestId('run-export-notice')).toContainText('as a PyTorch project');

  const python = resolve('.venv/bin/python');
  if (existsSync(python) && spawnSync(python, ['-c', 'import torch']).status === 0) {
    const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-torch-'));
    for (const [name, bytes] of Object.entries(zip)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    const script = `from model import build_model\nfrom data import load_split\nx, y = load_split('data', 'test')[:64]\nprint((build_model('weights.safetensors').eval()(x).argmax(-1) == y).float().mean().item())`; // prettier-ignore
    const accuracy = Number(execFileSync(python, ['-c', script], { cwd: dir, encoding: 'utf8' }).trim());
    expect(accuracy).toBeGreaterThan(0.3); // chance is 0.1
  }
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
