// TF.js layers export against @tensorflow/tfjs-layers (CPU backend): specs that map to Keras layers, and the
// presets that do, load with tf.loadLayersModel and give our engine's outputs within 1e-4 (relative to the largest
// output above 1); layers Keras cannot express are refused with an error naming the layer.
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { Engine } from '../../engine/engine.ts';
import type { ModelSpec } from '../../engine/nn/spec.ts';
import { PRESETS } from '../../engine/nn/presets.ts';
import { FIXTURE_SPECS, fixtureInput, maxAbsError, runFixture } from '../export-fixtures.ts';
import { exportTfjs } from './export.ts';

const e = await Engine.create();
beforeAll(() => tf.setBackend('cpu'));
afterAll(() => e.dispose());

const TOLERANCE = 1e-4;
const errors: Record<string, number> = {};
afterAll(() => console.info('TF.js export, max abs error per model:', JSON.stringify(errors)));

/** A spec with every GELU (which tfjs-layers 4 cannot load from JSON) made tanh. */
const noGelu = (spec: ModelSpec): ModelSpec =>
  JSON.parse(
    JSON.stringify(spec)
      .replaceAll('"gelu"', '"tanh"')
      .replace(/"name":"([^"]+)"/, '"name":"$1 (tanh)"'),
  );

/** Specs whose every layer has a Keras twin (the recurrent fixture without its GRU). */
const KERAS_SPECS: ModelSpec[] = [
  ...FIXTURE_SPECS.filter((s) => ['dense mix', 'conv net', 'conv head', 'simple rnn'].includes(s.name)).map(noGelu),
  {
    name: 'padded bias-free conv',
    input: { shape: [6, 5, 2] },
    layers: [
      { type: 'zeroPadding2d', pads: [1, 0, 2, 1] },
      { type: 'conv2d', filters: 3, kernelSize: 3, strides: 2, useBias: false, activation: 'relu6' },
      { type: 'batchNorm' },
      { type: 'flatten' },
      { type: 'dense', units: 2 },
    ],
  },
  {
    name: 'lstm stack',
    input: { shape: [5, 3] },
    layers: [
      { type: 'lstm', units: 4, returnSequences: true, bidirectional: true },
      { type: 'batchNorm' },
      { type: 'simpleRNN', units: 3, returnSequences: true },
      { type: 'lstm', units: 3 },
      { type: 'dense', units: 2, activation: 'leakyRelu' },
    ],
  },
];

async function check(spec: ModelSpec, batch: number): Promise<void> {
  const input = fixtureInput(spec, batch, 13);
  const ours = await runFixture(e, spec, input, batch);
  const { modelJson, weights } = exportTfjs(spec, ours.weights);
  // Through JSON text, as the file on disk would be.
  const json = JSON.parse(JSON.stringify(modelJson));
  const model = await tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weights.slice().buffer,
    }),
  );
  const x = tf.tensor(input, [batch, ...spec.input.shape], spec.input.dtype === 'i32' ? 'int32' : 'float32');
  const y = model.predict(x) as tf.Tensor;
  expect(y.shape).toEqual(ours.outShape);
  const got = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  model.dispose();
  const err = maxAbsError(got, ours.output);
  const scale = Math.max(1, ...Array.from(ours.output, Math.abs));
  errors[spec.name] = err;
  expect(err, `${spec.name}: max abs error (outputs up to ${scale})`).toBeLessThanOrEqual(TOLERANCE * scale);
}

for (const spec of KERAS_SPECS)
  test(`TF.js export of "${spec.name}" matches our engine in tfjs-layers`, () => check(spec, 3));

const KERAS_PRESETS = PRESETS.filter((p) => p.id !== 'names-transformer');
for (const p of KERAS_PRESETS) test(`TF.js export of the preset ${p.id} matches our engine`, () => check(p.spec, 2));

test('layers TF.js cannot load are refused, naming the layer', async () => {
  const refuse = async (spec: ModelSpec, pattern: RegExp) => {
    const { weights } = await runFixture(e, spec, fixtureInput(spec, 1, 1), 1);
    expect(() => exportTfjs(spec, weights)).toThrow(pattern);
  };
  await refuse(
    FIXTURE_SPECS.find((s) => s.name === 'recurrent last')!,
    /layers\[1\] is a GRU .*export this model as ONNX/,
  );
  await refuse(
    FIXTURE_SPECS.find((s) => s.name === 'attention')!,
    /layers\[1\] is a learned positional embedding/,
  );
  await refuse(PRESETS.find((p) => p.id === 'names-transformer')!.spec, /layers\[1\] is a learned positional/);
  await refuse(
    FIXTURE_SPECS.find((s) => s.name === 'dense mix')!,
    /layers\[4\] is a GELU activation/,
  );
  await refuse(
    FIXTURE_SPECS.find((s) => s.name === 'mobile block')!,
    /layers\[1\] is a grouped \(depthwise\) convolution/,
  );
});
