// The models worker through Comlink, as the page uses it: import (a bad file stores nothing), list, run raw tensors,
// batches of CSV rows and pictures with progress (an unreadable picture fails alone), export, delete, and its own
// count of requests to other origins.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { BatchProgress, ModelsApi } from '../src/protocol/models.ts';
import { tinyExpected, tinyOnnx } from '../src/interop/testing/tiny-onnx.ts';
import { Engine } from '../src/engine/index.ts';
import { FIXTURE_SPECS, fixtureInput, maxAbsError, runFixture } from '../src/interop/export-fixtures.ts';
import { exportOnnx } from '../src/interop/onnx/export.ts';

const worker = new Worker(new URL('./models.worker.ts', import.meta.url), { type: 'module' });
const models = Comlink.wrap<ModelsApi>(worker);
afterAll(() => worker.terminate());

/** A w×h picture as PNG, `white(x, y)` deciding each pixel. */
async function picture(w: number, h: number, white: (x: number, y: number) => boolean): Promise<Blob> {
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      ctx.fillStyle = white(x, y) ? '#fff' : '#000';
      ctx.fillRect(x, y, 1, 1);
    }
  return canvas.convertToBlob({ type: 'image/png' });
}

test('a table model: import, list, raw run, CSV rows with progress, export, delete', async () => {
  const file = tinyOnnx({ labels: ['a', 'b', 'c'] });
  const info = await models.importModel(file.slice(), 'rows.onnx', '', null);
  try {
    expect(info).toMatchObject({
      name: 'rows',
      fileName: 'rows.onnx',
      bytes: file.byteLength,
      labels: ['a', 'b', 'c'],
    });
    expect(info.form).toEqual({ kind: 'table', input: 'x', rank: 2, features: 4 });
    expect((await models.listModels()).map((m) => m.id)).toContain(info.id);

    const x = [0.5, 2, 1, 0.25];
    const raw = await models.runModel(info.id, { x: { dtype: 'float32', shape: [1, 4], data: Float32Array.from(x) } });
    const want = tinyExpected(x);
    Array.from(raw.outputs.y.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    expect(raw.engine.engine).toMatch(/studio|onnxruntime-web/);

    const seen: BatchProgress[] = [];
    const batch = await models.runBatch(
      info.id,
      { kind: 'table', csv: 'f1,f2,f3,f4\n0.5,2,1,0.25\n3,0,0,0\n' },
      Comlink.proxy((p: BatchProgress) => seen.push(p)),
    );
    expect(batch.items.map((i) => i.outputs[0].top![0].label)).toEqual(['b', 'a']);
    expect(batch.items[0].outputs[0].top![0].probability).toBeCloseTo(Math.max(...want), 5);
    await expect.poll(() => seen.at(-1)).toEqual({ done: 2, total: 2 });
    await expect(models.runBatch(info.id, { kind: 'table', csv: '1,2\n' })).rejects.toThrow(/Line 1 has 2 values/);
    await expect(
      models.runBatch(info.id, { kind: 'images', files: [], scale: 'unit', height: 2, width: 2 }),
    ).rejects.toThrow(/does not take pictures/);

    const out = await models.exportModel(info.id);
    expect(out.fileName).toBe('rows.onnx');
    expect(out.bytes).toEqual(file);
  } finally {
    await models.deleteModel(info.id);
  }
  expect((await models.listModels()).map((m) => m.id)).not.toContain(info.id);
  await expect(models.runBatch(info.id, { kind: 'table', csv: '1,2,3,4' })).rejects.toThrow(/no longer stored/);
});

test('a picture model: a batch of pictures, one of them unreadable, with a labels file', async () => {
  const info = await models.importModel(tinyOnnx({ input: 'image' }), 'quad.onnx', 'Quadrants', '["tl","tr","bottom"]');
  try {
    expect(info.form).toMatchObject({ kind: 'image', layout: 'nchw', channels: 1, height: 2, width: 2 });
    const files = [
      { name: 'left.png', data: await picture(2, 2, (x) => x === 0) },
      { name: 'broken.png', data: new Blob(['not a picture'], { type: 'image/png' }) },
      { name: 'bottom.png', data: await picture(2, 2, (_, y) => y === 1) },
    ];
    const r = await models.runBatch(info.id, { kind: 'images', files, scale: 'unit', height: 224, width: 224 });
    expect(r.items.map((i) => i.outputs[0]?.top?.[0].label ?? null)).toEqual(['tl', null, 'bottom']);
    expect(r.items[0].outputs[0].top![0].probability).toBeCloseTo(tinyExpected([1, 0, 1, 0])[0], 5);
    expect(r.items[1].error).toMatch(/broken\.png is not a picture this browser can open/);
    // A free size is the page's to choose, but this model fixes its own: a wrong free size changes nothing here.
    const fixed = await models.runBatch(info.id, {
      kind: 'images',
      files: files.slice(0, 1),
      scale: 'unit',
      height: 0,
      width: 0,
    });
    expect(fixed.items[0].outputs[0].top![0].label).toBe('tl');
  } finally {
    await models.deleteModel(info.id);
  }
});

test('a bad file stores nothing; the worker made no request to another origin', async () => {
  const before = (await models.listModels()).length;
  await expect(models.importModel(tinyOnnx().subarray(0, 40), 'cut.onnx', '', null)).rejects.toMatchObject({
    name: 'ModelFormatError',
  });
  expect(await models.listModels()).toHaveLength(before);
  // A graph our engine does not run (Hardmax) goes to onnxruntime-web, which fetches its wasm: from our origin, so the
  // count below has requests to check and none of them may be foreign.
  const info = await models.importModel(tinyOnnx({ head: 'hardmax' }), 'hard.onnx', '', null);
  try {
    expect(info.engine.engine).toBe('onnxruntime-web');
    await models.runModel(info.id, { x: { dtype: 'float32', shape: [1, 4], data: new Float32Array(4) } });
  } finally {
    await models.deleteModel(info.id);
  }
  const privacy = await models.foreignRequests();
  expect(privacy.foreign).toBe(0);
  expect(privacy.checked).toBeGreaterThan(0);
});

test('a studio run exported as ONNX comes in as a picture model with its labels, and gives our engine’s outputs', async () => {
  const spec = FIXTURE_SPECS.find((s) => s.name === 'conv net')!;
  const e = await Engine.create();
  const input = fixtureInput(spec, 1, 3) as Float32Array;
  const ours = await runFixture(e, spec, input, 1);
  e.dispose();
  const file = exportOnnx(spec, ours.weights, { labels: ['a', 'b', 'c', 'd'] });
  const info = await models.importModel(file, 'conv.onnx', '', null);
  try {
    expect(info.labels).toEqual(['a', 'b', 'c', 'd']);
    expect(info.form).toMatchObject({ kind: 'image', layout: 'nhwc', channels: 3, height: 9, width: 8 });
    const out = await models.runModel(info.id, {
      input: { dtype: 'float32', shape: [1, 9, 8, 3], data: input.slice() },
    });
    expect(out.outputs.output.shape).toEqual(ours.outShape);
    const scale = Math.max(1, ...Array.from(ours.output, Math.abs));
    expect(maxAbsError(out.outputs.output.data as Float32Array, ours.output)).toBeLessThanOrEqual(1e-4 * scale);
  } finally {
    await models.deleteModel(info.id);
  }
});
