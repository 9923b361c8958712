// The TF.js importer on files saved by @tensorflow/tfjs-layers: the specs it builds, and every bad file refused with
// a sentence naming the file, layer or weight (nothing here needs a GPU).
import { beforeAll, describe, expect, test } from 'vitest';
import { asLogits, importTfjsModel } from './index.ts';
import { readWeights } from './weights.ts';
import { cnn, mlp, recurrentModel, saveModel, teachable, tf, tfl } from './test-models.ts';
import type { ModelFile } from './model-json.ts';
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const json = (f: ModelFile) => JSON.parse(new TextDecoder().decode(f.bytes));
const asFile = (name: string, v: unknown): ModelFile => ({
  name,
  bytes: new TextEncoder().encode(JSON.stringify(v)).buffer as ArrayBuffer,
});

describe('TF.js layers models → studio specs', () => {
  test('a Teachable-Machine-shaped model flattens into one chain with a residual block and keeps its labels', async () => {
    const files = await saveModel(teachable(3), { shards: 2, labels: ['cat', 'dog', 'bird'] });
    const m = importTfjsModel(files);
    expect(m.labels).toEqual(['cat', 'dog', 'bird']);
    expect(m.spec.name).toBe('tm-my-image-model');
    expect(m.spec.input.shape).toEqual([8, 8, 3]);
    expect(m.spec.layers.map((l) => l.type)).toEqual([
      'conv2d',
      'batchNorm',
      'activation',
      'residual',
      'globalAvgPool2d',
      'dense',
      'dense',
    ]);
    const res = m.spec.layers[3];
    expect(res.type === 'residual' && res.layers.map((l) => l.type)).toEqual([
      'conv2d',
      'batchNorm',
      'activation',
      'conv2d',
      'batchNorm',
      'activation',
      'conv2d',
      'batchNorm',
    ]);
    expect(m.weights.get('layers[3].layers[3].kernel')?.shape).toEqual([3, 3, 1, 8]);
    expect(m.weights.get('layers[1].movingVariance')?.shape).toEqual([4]);
    expect(m.spec.layers[1]).toMatchObject({ type: 'batchNorm', epsilon: 1e-3 });
    expect((m.spec.layers[1] as { momentum: number }).momentum).toBeCloseTo(0.001, 6);
    expect(m.source.kerasVersion).toMatch(/tfjs-layers/);
    // Training takes logits: the final softmax goes, the weights stay.
    expect(asLogits(m.spec).layers[6]).toMatchObject({ type: 'dense', activation: 'linear', useBias: false });
  });

  test('image, recurrent and token models convert layer by layer', async () => {
    const c = importTfjsModel(await saveModel(cnn()));
    expect(c.spec.layers.map((l) => l.type)).toEqual([
      'conv2d',
      'batchNorm',
      'zeroPadding2d',
      'conv2d',
      'conv2d',
      'conv2d',
      'maxPool2d',
      'avgPool2d',
      'flatten',
      'dense',
    ]);
    expect(c.spec.layers[2]).toEqual({ type: 'zeroPadding2d', pads: [1, 0, 0, 2] });
    expect(c.spec.layers[3]).toMatchObject({ groups: 4, filters: 8, activation: 'relu6' });
    const r = importTfjsModel(await saveModel(recurrentModel()));
    expect(r.spec.input).toEqual({ shape: [5], dtype: 'i32' });
    expect(r.spec.layers.map((l) => l.type)).toEqual(['embedding', 'simpleRNN', 'lstm', 'lstm', 'dense']);
    expect(r.spec.layers[2]).toMatchObject({ units: 4, bidirectional: true, returnSequences: true });
    expect(r.weights.get('layers[2].bwd.recurrent')?.shape).toEqual([4, 16]);
  });
});

describe('bad files are refused with a sentence naming the problem', () => {
  const expectError = (files: ModelFile[], type: typeof ModelFormatError, message: RegExp) =>
    expect(() => importTfjsModel(files)).toThrow(
      expect.objectContaining({ name: type.name, message: expect.stringMatching(message) }),
    );

  test('missing, truncated and oversized shards', async () => {
    const files = await saveModel(mlp(), { shards: 2 });
    expectError(files.slice(0, 2), ModelFormatError, /group1-shard2of2\.bin.*not among the chosen files/);
    const cut = files.map((f, i) => (i === 2 ? { ...f, bytes: f.bytes.slice(0, 10) } : f));
    expectError(cut, ModelFormatError, /truncated/);
    const long = files.map((f, i) => (i === 2 ? { ...f, bytes: new Uint8Array(f.bytes.byteLength + 8).buffer } : f));
    expectError(long, ModelFormatError, /belong to another model/);
    expectError(files.slice(1), ModelFormatError, /No model\.json/);
    expectError([{ name: 'model.json', bytes: new Uint8Array([123, 1]).buffer }], ModelFormatError, /not valid JSON/);
  });

  test('a dtype we cannot read, a weight of the wrong size, a missing weight', async () => {
    const files = await saveModel(mlp());
    const j = json(files[0]);
    j.weightsManifest[0].weights[0].dtype = 'complex64';
    expectError(
      [asFile('model.json', j), files[1]],
      UnsupportedModelError,
      /"dense_Dense\d+\/kernel" is stored as complex64/,
    );
    const k = json(files[0]);
    // The bytes still add up, but the first dense's kernel no longer has its layer's shape.
    k.weightsManifest[0].weights[0].shape = [4, 12];
    expectError(
      [asFile('model.json', k), files[1]],
      ModelFormatError,
      /has shape \[4, 12\] but layer "dense_Dense\d+" needs \[6, 8\]/,
    );
    const n = json(files[0]);
    n.weightsManifest[0].weights[1].name = 'something/else';
    expectError([asFile('model.json', n), files[1]], ModelFormatError, /no "dense_Dense\d+\/bias"/);
  });

  test('layers and settings the studio cannot run exactly', async () => {
    const gru = tfl.sequential({ layers: [tfl.layers.gru({ inputShape: [4, 3], units: 2 })] });
    expectError(await saveModel(gru), UnsupportedModelError, /\(GRU\).*recurrent bias/);
    const lstm = tfl.sequential({ layers: [tfl.layers.lstm({ inputShape: [4, 3], units: 2 })] });
    expectError(await saveModel(lstm), UnsupportedModelError, /\(LSTM\) uses recurrent_activation "hard_sigmoid"/);
    const conv1d = tfl.sequential({ layers: [tfl.layers.conv1d({ inputShape: [6, 2], filters: 2, kernelSize: 2 })] });
    expectError(await saveModel(conv1d), UnsupportedModelError, /\(Conv1D\) is not a layer the studio can import/);
    const elu = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2, activation: 'elu' })] });
    expectError(await saveModel(elu), UnsupportedModelError, /activation "elu"/);
    const x = tfl.input({ shape: [4] });
    const cat = tfl.layers
      .concatenate()
      .apply([
        tfl.layers.dense({ units: 2 }).apply(x),
        tfl.layers.dense({ units: 3 }).apply(x),
      ] as tfl.SymbolicTensor[]);
    expectError(
      await saveModel(tfl.model({ inputs: x, outputs: cat as tfl.SymbolicTensor })),
      UnsupportedModelError,
      /Concatenate layer .* joins 2 branches/,
    );
    const y = tfl.input({ shape: [4] });
    const two = tfl.layers
      .add()
      .apply([
        tfl.layers.dense({ units: 4 }).apply(y),
        tfl.layers.dense({ units: 4 }).apply(y),
      ] as tfl.SymbolicTensor[]);
    expectError(
      await saveModel(tfl.model({ inputs: y, outputs: two as tfl.SymbolicTensor })),
      UnsupportedModelError,
      /adds two computed branches/,
    );
    expectError(
      [asFile('model.json', { format: 'graph-model', modelTopology: { node: [] } })],
      UnsupportedModelError,
      /graph model/,
    );
  });

  test("metadata labels that do not match the model's classes", async () => {
    const files = await saveModel(mlp(), { labels: ['a', 'b'] });
    expectError(files, ModelFormatError, /lists 2 labels but the model gives \[3\] outputs/);
  });
});

describe('weight shards', () => {
  test('uint8, uint16 and float16 quantized weights are restored as scale·q + min', () => {
    const bytes = new Uint8Array([0, 255, 7, 1, 0, 0x3c, 0x00, 0xc0]);
    // uint8 [0, 255] at bytes 0-1; uint16 [263] at 2-3; float16 [1, -2] at 4-7.
    const w = readWeights(
      [
        {
          paths: ['./a%20b.bin'],
          weights: [
            { name: 'q8', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
            { name: 'q16', shape: [1], dtype: 'float32', quantization: { dtype: 'uint16', scale: 2, min: 1 } },
            { name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
          ],
        },
      ],
      new Map([['a b.bin', bytes.buffer]]),
    );
    expect(Array.from(w.get('q8')!.data)).toEqual([-1, 126.5]);
    expect(Array.from(w.get('q16')!.data)).toEqual([527]);
    expect(Array.from(w.get('h')!.data)).toEqual([1, -2]);
  });
});
