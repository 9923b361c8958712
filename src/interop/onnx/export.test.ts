// ONNX export against onnxruntime-web (wasm EP): every fixture spec (all layer kinds) and the presets, exported
// with random weights, give our engine's outputs on the same inputs within 1e-4 (relative to the output's
// largest magnitude when that exceeds 1: random weights make LeNet's logits reach ~10²), and the file says what it is.
import { afterAll, expect, test } from 'vitest';
import * as ort from 'onnxruntime-web/wasm';
import { Engine } from '../../engine/engine.ts';
import type { ModelSpec } from '../../engine/nn/spec.ts';
import { PRESETS } from '../../engine/nn/presets.ts';
import { FIXTURE_SPECS, fixtureInput, maxAbsError, runFixture } from '../export-fixtures.ts';
import { exportOnnx } from './export.ts';
import { decodeModel } from './proto.ts';

ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

const e = await Engine.create();
afterAll(() => e.dispose());

const TOLERANCE = 1e-4;
const errors: Record<string, number> = {};
afterAll(() => console.info('ONNX export, max abs error per model:', JSON.stringify(errors)));

async function check(spec: ModelSpec, batch: number): Promise<void> {
  const input = fixtureInput(spec, batch, 11);
  const ours = await runFixture(e, spec, input, batch);
  const bytes = exportOnnx(spec, ours.weights, { labels: ['a', 'b'] });
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const dims = [batch, ...spec.input.shape];
    const feed =
      spec.input.dtype === 'i32'
        ? new ort.Tensor('int32', input as Int32Array, dims)
        : new ort.Tensor('float32', input as Float32Array, dims);
    const out = (await session.run({ input: feed })).output;
    expect(out.dims).toEqual(ours.outShape);
    const err = maxAbsError(out.data as Float32Array, ours.output);
    const scale = Math.max(1, ...Array.from(ours.output, Math.abs));
    errors[spec.name] = err;
    expect(err, `${spec.name}: max abs error (outputs up to ${scale})`).toBeLessThanOrEqual(TOLERANCE * scale);
  } finally {
    await session.release();
  }
}

for (const spec of FIXTURE_SPECS)
  test(`ONNX export of "${spec.name}" matches our engine in onnxruntime-web`, () => check(spec, 3));

// A model that is the identity at inference still has an output (an Identity node), and a flatten of an image keeps
// NHWC order with no transpose.
const EDGE: ModelSpec[] = [
  { name: 'only dropout', input: { shape: [3] }, layers: [{ type: 'dropout', rate: 0.5 }] },
  { name: 'image flatten', input: { shape: [2, 3, 2] }, layers: [{ type: 'flatten' }, { type: 'dropout', rate: 0.1 }] },
];
for (const spec of EDGE) test(`ONNX export of "${spec.name}" matches our engine`, () => check(spec, 2));

for (const p of PRESETS) test(`ONNX export of the preset ${p.id} matches our engine`, () => check(p.spec, 2));

test('the file names its input layout, class labels and opset; a free batch dimension', async () => {
  const spec = FIXTURE_SPECS[1];
  const { weights } = await runFixture(e, spec, fixtureInput(spec, 1, 1), 1);
  const model = decodeModel(exportOnnx(spec, weights, { labels: ['cat', 'dog', 'eel', 'fox'] }));
  expect(model.opsetImport[0].version).toBe(17);
  const meta = Object.fromEntries(model.metadataProps.map((m) => [m.key, m.value]));
  expect(JSON.parse(meta.labels)).toEqual(['cat', 'dog', 'eel', 'fox']);
  expect(meta['studio.input_layout']).toBe('NHWC');
  expect(model.docString).toMatch(/NHWC/);
  const dims = model.graph!.input![0].type!.tensorType!.shape!.dim!;
  expect(dims.map((d) => d.dimParam || d.dimValue)).toEqual(['batch', 9, 8, 3]);
});

test('missing or misshapen weights are refused, naming the tensor', () => {
  const spec = FIXTURE_SPECS[0];
  expect(() => exportOnnx(spec, {})).toThrow(/no tensor "layers\[0\]\.kernel"/);
  const weights = { 'layers[0].kernel': { shape: [6, 9], data: new Float32Array(54) } };
  expect(() => exportOnnx(spec, weights)).toThrow(
    /"layers\[0\]\.kernel" is \[6, 9\] \(216 bytes\) but the model needs float32 \[6, 8\]/,
  );
});
