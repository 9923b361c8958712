// User flow: train a short MNIST MLP run, then export it from the Storage view as ONNX and as a TensorFlow.js
// model: the ONNX download decodes as an opset-17 model taking [batch, 28, 28, 1] NHWC images with the digits as class
// names, and the TF.js download is a zip of model.json and weights.bin. No request leaves the origin.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { decodeModel, type ValueInfoProto } from '../src/interop/onnx/proto.ts';
import { guard, startCheckpointedRun } from './origin-guard.ts';

test('export a trained run as ONNX and as TensorFlow.js', async ({ page }, testInfo) => {
  const g = guard(page);
  await startCheckpointedRun(page, '/#train');
  await expect(page.getByTestId('run-status')).toHaveText('finished', { timeout: 120_000 });

  await page.getByRole('tab', { name: 'Storage' }).click();
  const onnxButton = page.getByRole('button', { name: /as ONNX$/ });
  await expect(onnxButton).toBeEnabled({ timeout: 30_000 });
  let downloading = page.waitForEvent('download');
  await onnxButton.click();
  const onnxFile = await downloading;
  expect(onnxFile.suggestedFilename()).toMatch(/_step-\d+\.onnx$/);
  const model = decodeModel(new Uint8Array(readFileSync(await onnxFile.path())), onnxFile.suggestedFilename());
  expect(model.opsetImport[0].version).toBe(17);
  const graph = model.graph!;
  const dims = (v: ValueInfoProto) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || d.dimValue);
  expect(dims(graph.input![0])).toEqual(['batch', 28, 28, 1]);
  expect(dims(graph.output![0])).toEqual(['batch', 10]);
  expect(graph.node!.map((n) => n.opType)).toEqual(['Flatten', 'MatMul', 'Add', 'Relu', 'MatMul', 'Add']);
  const meta = Object.fromEntries(model.metadataProps.map((m) => [m.key, m.value]));
  expect(JSON.parse(meta.labels)).toHaveLength(10);
  expect(meta['studio.input_layout']).toBe('NHWC');
  await expect(page.getByTestId('run-export-notice')).toContainText('as an ONNX model (opset 17)');
  await page.screenshot({ path: testInfo.outputPath('exported-onnx.png'), fullPage: true });

  downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: /as TF\.js$/ }).click();
  const tfjsFile = await downloading;
  expect(tfjsFile.suggestedFilename()).toMatch(/_step-\d+\.tfjs\.zip$/);
  const zip = unzipSync(new Uint8Array(readFileSync(await tfjsFile.path())));
  const json = JSON.parse(strFromU8(zip['model.json']));
  expect(json.format).toBe('layers-model');
  // 784·128 + 128 + 128·10 + 10 float32 weights.
  expect(zip['weights.bin'].byteLength).toBe(4 * 101_770);
  await expect(page.getByTestId('run-export-notice')).toContainText('TensorFlow.js layers model');

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
