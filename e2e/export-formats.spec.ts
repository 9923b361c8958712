// User flow: train a short MNIST MLP run, then export it from the Storage view as ONNX and as a TensorFlow.js
// model. The ONNX download is an opset-17 model taking [batch, 28, 28, 1] NHWC images, with the digits as class names,
// that onnxruntime runs; the TF.js download is a zip of model.json and weights.bin that tfjs-layers loads and that
// scores the same images as onnxruntime. No request leaves the origin.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import * as ort from 'onnxruntime-web';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
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
  const onnxBytes = new Uint8Array(readFileSync(await onnxFile.path()));
  const model = decodeModel(onnxBytes, onnxFile.suggestedFilename());
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
  // onnxruntime (its wasm build, here in Node) runs the file on a batch of two images: a blank and a bar.
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(onnxBytes);
  const images = new Float32Array(2 * 784);
  for (let r = 4; r < 24; r++) images[784 + r * 28 + 14] = 1;
  const { output } = await session.run({ input: new ort.Tensor('float32', images, [2, 28, 28, 1]) });
  expect(output.dims).toEqual([2, 10]);
  const scores = Array.from(output.data as Float32Array);
  expect(scores.every(Number.isFinite)).toBe(true);
  expect(scores.slice(0, 10)).not.toEqual(scores.slice(10));
  await session.release();
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
  // tfjs-layers loads it and scores the two images as onnxruntime did: two runtimes, one set of trained weights.
  await tf.setBackend('cpu');
  const tfModel = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: zip['weights.bin'].slice().buffer,
    }),
  );
  const predicted = tfModel.predict(tf.tensor(images, [2, 28, 28, 1])) as tf.Tensor;
  const tfScores = Array.from(await predicted.data());
  expect(Math.max(...tfScores.map((v, i) => Math.abs(v - scores[i])))).toBeLessThan(1e-4);
  await expect(page.getByTestId('run-export-notice')).toContainText('TensorFlow.js layers model');

  expect(g.foreign).toEqual([]);
  expect(g.errors).toEqual([]);
});
