// The ONNX and TF.js exports of a checkpoint as files: names after the model, run and step; the dataset's class
// names, input scaling and standardisation written where tools read them; a model a format cannot hold is refused.
import { describe, expect, test } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { ModelSpec } from '../engine/index.ts';
import type { PackHeader } from '../data/pack.ts';
import { decodeModel } from '../interop/onnx/proto.ts';
import type { CheckpointRecord } from './db.ts';
import { datasetNotes, exportModelFile, exportProblems } from './model-export.ts';
import { PRESETS } from '../engine/nn/presets.ts';

const spec: ModelSpec = { name: 'Tiny MLP', input: { shape: [2] }, layers: [{ type: 'dense', units: 3 }] };
const ckpt: CheckpointRecord = {
  runId: 'r1',
  savedAt: 0,
  position: { epoch: 1, globalStep: 42 } as CheckpointRecord['position'],
  tensors: {
    'layers[0].kernel': { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]).buffer },
    'layers[0].bias': { shape: [3], data: new Float32Array([0.5, 0, -0.5]).buffer },
  },
  optimizer: { kind: 'adam', step: 42, state: {} },
};
const run = { spec, createdAt: new Date(2026, 11, 2, 10, 32, 5).getTime() };
const header = {
  id: 'fruit',
  title: 'Fruit',
  classes: 3,
  classNames: ['apple', 'pear', 'plum'],
  yShape: [],
  xScale: 1,
  standardization: { mean: [1, 2], std: [3, 4] },
} as unknown as PackHeader;

describe('model export files', () => {
  test('PyTorch: a zip of model.py, the weights in PyTorch layout, train.py, config.json and the dataset', () => {
    const optimizer = { kind: 'adamw', lr: 0.01 } as const;
    const config = { epochs: 3, batchSize: 8, optimizer, loss: 'softmaxCrossEntropy', seed: 5 } as const;
    const split = (n: number) => {
      const y = new Int32Array(n);
      return { x: new Uint8Array(2 * n), xScale: 1 / 255, xShape: [2], y, yShape: [], count: n };
    };
    // The worker passes what loadDataset returns: the splits and the header, which is not a split.
    const dataset = { train: split(4), test: split(2), header } as unknown as Parameters<typeof exportModelFile>[4];
    const f = exportModelFile(ckpt, { ...run, config }, 'pytorch', header, dataset);
    expect(f.fileName).toMatch(/_step-42\.pytorch\.zip$/);
    const zip = unzipSync(f.bytes);
    expect(Object.keys(zip).sort()).toEqual(
      ['README.md', 'config.json', 'data.py', 'data/dataset.json', 'data/test.x.bin', 'data/test.y.bin', 'data/train.x.bin', 'data/train.y.bin', 'model.py', 'safetensors_io.py', 'train.py', 'weights.safetensors'], // prettier-ignore
    );
    expect(strFromU8(zip['model.py'])).toContain('self.fc0 = nn.Linear(2, 3)');
    const cfg = JSON.parse(strFromU8(zip['config.json']));
    expect(cfg).toMatchObject({ batchSize: 8, optimizer: { kind: 'adamw', lr: 0.01 }, seed: 5, spec });
    const data = JSON.parse(strFromU8(zip['data/dataset.json']));
    expect(data.x_scale).toBeCloseTo(1 / 255);
    expect(data.splits.train).toMatchObject({
      count: 4,
      x: { dtype: 'u8', shape: [2] },
      y: { dtype: 'i32', shape: [] },
    });
    expect(strFromU8(zip['README.md'])).toContain('torchrun --nproc_per_node');
    expect(() => exportModelFile(ckpt, run, 'pytorch', header)).toThrow(/training settings and its dataset/);
  });

  test('ONNX: named .onnx, class names, standardisation and the dataset in metadata_props', () => {
    const out = exportModelFile(ckpt, run, 'onnx', header);
    expect(out.fileName).toBe('Tiny-MLP_run-2026-12-02_10-32-05_step-42.onnx');
    const model = decodeModel(out.bytes);
    const meta = Object.fromEntries(model.metadataProps.map((m) => [m.key, m.value]));
    expect(JSON.parse(meta.labels)).toEqual(['apple', 'pear', 'plum']);
    expect(JSON.parse(meta['studio.standardization'])).toEqual({ mean: [1, 2], std: [3, 4] });
    expect(meta['studio.dataset']).toBe('fruit');
    expect(model.docString).toMatch(/Fruit.*standardised.*Step 42\./);
  });

  test('TF.js: a zip of model.json and weights.bin with the weights in manifest order', () => {
    const out = exportModelFile(ckpt, run, 'tfjs', header);
    expect(out.fileName).toBe('Tiny-MLP_run-2026-12-02_10-32-05_step-42.tfjs.zip');
    expect(out.mime).toBe('application/zip');
    const files = unzipSync(out.bytes);
    const json = JSON.parse(strFromU8(files['model.json']));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual([
      'layers_0_dense/kernel',
      'layers_0_dense/bias',
    ]);
    expect(json.userDefinedMetadata.labels).toEqual(['apple', 'pear', 'plum']);
    const w = new Float32Array(files['weights.bin'].slice().buffer);
    expect(Array.from(w)).toEqual([1, 2, 3, 4, 5, 6, 0.5, 0, -0.5]);
  });

  test('class names are numbered when the set has none; regression and text sets get none', () => {
    expect(datasetNotes({ ...header, classNames: undefined }).labels).toEqual(['0', '1', '2']);
    expect(datasetNotes({ ...header, yShape: [1], classes: 0 }).labels).toBeUndefined();
    expect(datasetNotes({ ...header, xScale: 1 / 255 }).description).toMatch(/times 0\.0039.*0–1/);
    expect(datasetNotes(undefined)).toEqual({ description: '', metadata: {} });
  });

  test('a layer a format cannot hold is refused with a sentence naming it', () => {
    const gru: ModelSpec = {
      name: 'GRU',
      input: { shape: [3, 2] },
      layers: [{ type: 'gru', units: 1 }],
    };
    const tensors = {
      'layers[0].fwd.kernel': { shape: [2, 3], data: new Float32Array(6).buffer },
      'layers[0].fwd.recurrent': { shape: [1, 3], data: new Float32Array(3).buffer },
      'layers[0].fwd.bias': { shape: [3], data: new Float32Array(3).buffer },
    };
    const gruRun = { spec: gru, createdAt: 0 };
    expect(() => exportModelFile({ ...ckpt, tensors }, gruRun, 'tfjs')).toThrow(/layers\[0\] is a GRU/);
    expect(exportModelFile({ ...ckpt, tensors }, gruRun, 'onnx').bytes.byteLength).toBeGreaterThan(100);
  });

  test('the formats a spec cannot be written in are known before export, naming the layer', () => {
    const preset = (id: string) => PRESETS.find((p) => p.id === id)!.spec;
    expect(exportProblems(preset('mnist-mlp'))).toEqual({});
    expect(exportProblems(preset('spam-bilstm'))).toEqual({});
    expect(exportProblems(preset('names-transformer')).tfjs).toMatch(
      /^layers\[1\] is a learned positional embedding .*; export this model as ONNX instead\.$/,
    );
    const nested: ModelSpec = {
      name: 'nested',
      input: { shape: [4] },
      layers: [
        { type: 'dense', units: 4 },
        {
          type: 'residual',
          layers: [
            { type: 'dense', units: 4 },
            { type: 'activation', activation: 'gelu' },
          ],
        },
      ],
    };
    expect(exportProblems(nested).tfjs).toMatch(/^layers\[1\]\.layers\[1\] is a GELU activation/);
  });
});
