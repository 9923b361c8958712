// Loading imported ONNX files: our compiler first, onnxruntime-web for what it does not run (on WebGPU where ORT
// gets an adapter, on wasm otherwise), with the engine and the missing ops recorded, and right answers either way.
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from '../engine/index.ts';
import { loadModel } from './load.ts';
import { tinyExpected, tinyOnnx } from './testing/tiny-onnx.ts';

const engine = await Engine.create();
afterAll(() => engine.dispose());

const x = Float32Array.from([0.5, 2, 1, 0.25]);

describe('loadModel', () => {
  test('a Gemm + Relu + Softmax classifier gives the expected probabilities, whichever engine runs it', async () => {
    const { model, choice, labels } = await loadModel(tinyOnnx({ labels: ['a', 'b', 'c'] }), 'tiny.onnx', engine);
    expect(labels).toEqual(['a', 'b', 'c']);
    expect(model.signature.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 4] }]);
    if (choice.engine === 'onnxruntime-web') {
      expect(choice.reason).toMatch(/tiny\.onnx/);
      expect(choice.missing.length).toBeGreaterThan(0);
      expect(['webgpu', 'wasm']).toContain(choice.backend?.provider);
    }
    const out = await model.run({ x: { dtype: 'float32', shape: [1, 4], data: x.slice() } });
    expect(out.y.shape).toEqual([1, 3]);
    const want = tinyExpected(x);
    Array.from(out.y.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    model.dispose();
  });

  test('a graph with an op our engine lacks (Hardmax) runs on onnxruntime-web, which says why', async () => {
    const { model, choice } = await loadModel(tinyOnnx({ head: 'hardmax' }), 'hard.onnx', engine);
    expect(choice.engine).toBe('onnxruntime-web');
    expect(choice.missing).toContain('Hardmax');
    const out = await model.run({ x: { dtype: 'float32', shape: [1, 4], data: x.slice() } });
    expect(Array.from(out.y.data as Float32Array)).toEqual(tinyExpected(x, 'hardmax'));
    model.dispose();
  });

  test('without WebGPU the model runs on ORT’s wasm provider', async () => {
    const { model, choice } = await loadModel(tinyOnnx(), 'cpu.onnx', null);
    expect(choice).toMatchObject({ engine: 'onnxruntime-web', backend: { provider: 'wasm' }, missing: ['WebGPU'] });
    const out = await model.run({ x: { dtype: 'float32', shape: [2, 4], data: Float32Array.from([...x, ...x]) } });
    expect(out.y.shape).toEqual([2, 3]);
    model.dispose();
  });

  test('inputs that do not fit the signature are refused with the input’s name', async () => {
    const { model } = await loadModel(tinyOnnx(), 'tiny.onnx', null);
    await expect(model.run({ x: { dtype: 'float32', shape: [1, 3], data: new Float32Array(3) } })).rejects.toThrow(
      /“x” takes shape \[batch, 4\]/,
    );
    await expect(model.run({})).rejects.toThrow(/input named “x”/);
    model.dispose();
  });

  test('bad files get a ModelFormatError naming the file', async () => {
    await expect(loadModel(new TextEncoder().encode('<html>'), 'page.onnx', null)).rejects.toMatchObject({
      name: 'ModelFormatError',
      message: expect.stringMatching(/page\.onnx is not an ONNX model/),
    });
    const cut = tinyOnnx().subarray(0, 60);
    await expect(loadModel(cut, 'cut.onnx', null)).rejects.toMatchObject({ name: 'ModelFormatError' });
    // A graph ORT cannot load (an op no runtime has): refused, quoting ORT's reason.
    const bytes = tinyOnnx({ head: 'hardmax' });
    const at = new TextDecoder().decode(bytes).indexOf('Hardmax');
    bytes[at + 1] = 'x'.charCodeAt(0);
    await expect(loadModel(bytes, 'odd.onnx', null)).rejects.toMatchObject({
      name: 'ModelFormatError',
      message: expect.stringMatching(/onnxruntime-web cannot load odd\.onnx/),
    });
  });
});
