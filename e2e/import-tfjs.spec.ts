// User flow, offline: import a TensorFlow.js layers model (model.json, two weight shards and Teachable Machine's
// metadata.json, made here with tfjs-layers in Node) from the Train tab; it is listed as a run with its classes,
// evaluates, and trains on from its imported weights. A pick without a shard gets a sentence naming the file.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { guard, offlineReady } from './origin-guard.ts';

interface Upload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** An Iris-shaped classifier ([4] → 3 species, softmax) saved as a browser download would give it. */
async function irisModel(): Promise<Upload[]> {
  await tf.setBackend('cpu');
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu', kernelInitializer: 'glorotUniform' }),
      tfl.layers.dropout({ rate: 0.1 }),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  let files: Upload[] = [];
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      const bin = Buffer.from(tf.io.concatenateArrayBuffers([a.weightData as ArrayBuffer].flat()));
      const half = Math.ceil(bin.byteLength / 2);
      const json = {
        format: 'layers-model',
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: a.weightSpecs }],
      };
      const bytes = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/octet-stream', buffer });
      files = [
        { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
        bytes('group1-shard1of2.bin', bin.subarray(0, half)),
        bytes('group1-shard2of2.bin', bin.subarray(half)),
        {
          name: 'metadata.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify({ modelName: 'flowers', labels: ['setosa', 'versicolor', 'virginica'] })),
        },
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files;
}

async function goOffline(page: Page, context: BrowserContext) {
  await page.goto('/');
  await offlineReady(page);
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline', { timeout: 90_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-status')).toHaveText('Ready to work offline', { timeout: 30_000 });
}

test('offline: import a TF.js model as a run, evaluate it and train it further', async ({ page, context }, info) => {
  test.setTimeout(300_000);
  const files = await irisModel();
  const g = guard(page);
  await goOffline(page, context);
  await page.getByTestId('preset-iris').click();
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('next-run')).toContainText('Iris');
  await page.getByLabel('Epochs').fill('2');

  // Without its second shard the import is refused, naming the file, and nothing is listed.
  const input = page.getByTestId('import-tfjs-files');
  await input.setInputFiles(files.filter((f) => f.name !== 'group1-shard2of2.bin'));
  await expect(page.getByTestId('import-tfjs-error')).toContainText('group1-shard2of2.bin', { timeout: 60_000 });
  await expect(page.getByTestId('imported-from')).toHaveCount(0);

  await input.setInputFiles(files);
  await expect(page.getByTestId('import-tfjs-done')).toContainText('flowers', { timeout: 120_000 });
  await expect(page.getByTestId('import-tfjs-error')).toHaveCount(0);
  await expect(page.getByTestId('imported-from')).toContainText('classes: setosa, versicolor, virginica');
  await expect(page.getByTestId('run-status')).toHaveText('paused');
  await expect(page.getByTestId('checkpoint')).toContainText('step 0');
  await page.screenshot({ path: info.outputPath('tfjs-imported.png'), fullPage: true });

  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('accuracy')).toContainText('%', { timeout: 60_000 });

  // Fine-tuning: Resume trains the imported weights for the run's two epochs.
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('resume').click();
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('last-loss')).not.toHaveText('—');
  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
