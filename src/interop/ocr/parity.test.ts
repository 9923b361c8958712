// PP-OCR on our engine against onnxruntime-web on the same inputs: each model's largest output difference, and the
// boxes and strings of the whole pipeline on a rendered picture. The three graphs must compile for our engine: a
// missing op fails the file (the Read text flow has no onnxruntime fallback).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/index.ts';
import { compileOnnx } from '../onnx/index.ts';
import type { HostTensor, RunnableModel } from '../model.ts';
import { ortModel } from './ort-for-tests.ts';
import { parseDictionary } from './ctc.ts';
import { readText, type OcrModels } from './pipeline.ts';
import { renderText } from './text-samples.ts';

const BASE = '/models/ppocr/';
const FILES = {
  detector: 'ch_PP-OCRv4_det_infer.onnx',
  classifier: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  recognizer: 'ch_PP-OCRv4_rec_infer.onnx',
} as const;
type Role = keyof typeof FILES;

const bytes = async (file: string) => new Uint8Array(await (await fetch(BASE + file)).arrayBuffer());

let engine: Engine | null = null;
const ours: Partial<Record<Role, RunnableModel>> = {};
const theirs: Partial<Record<Role, RunnableModel>> = {};

beforeAll(async () => {
  engine = await Engine.create();
  for (const [role, file] of Object.entries(FILES) as [Role, string][]) {
    const b = await bytes(file);
    theirs[role] = await ortModel(b);
    ours[role] = await compileOnnx(b, file, engine);
  }
});
afterAll(() => {
  for (const m of [...Object.values(ours), ...Object.values(theirs)]) m.dispose();
  engine?.dispose();
});

/** Seeded values in [−1, 1]: an input both engines see. */
function input(shape: number[], seed: number): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = (s / 2 ** 32) * 2 - 1;
  }
  return { dtype: 'float32', shape, data };
}

const maxError = (a: HostTensor, b: HostTensor) =>
  (a.data as Float32Array).reduce((m, v, i) => Math.max(m, Math.abs(v - (b.data as Float32Array)[i])), 0);

describe('PP-OCR: our engine against onnxruntime-web', () => {
  const cases: [Role, number[]][] = [
    ['detector', [1, 3, 96, 320]],
    ['classifier', [2, 3, 48, 192]],
    ['recognizer', [1, 3, 48, 160]],
  ];
  for (const [role, shape] of cases)
    it(`${role} gives the same outputs on ${JSON.stringify(shape)}`, async () => {
      const x = input(shape, 7);
      const name = theirs[role]!.signature.inputs[0].name;
      const [a, b] = await Promise.all([ours[role]!.run({ [name]: x }), theirs[role]!.run({ [name]: x })]);
      const out = theirs[role]!.signature.outputs[0].name;
      expect(a[out].shape).toEqual(b[out].shape);
      const err = maxError(a[out], b[out]);
      console.log(`${role} ${JSON.stringify(shape)}: max |ours − onnxruntime-web| = ${err.toExponential(2)}`);
      expect(err).toBeLessThan(1e-3);
    });

  it('reads the same boxes and strings', async () => {
    const characters = parseDictionary(await (await fetch(`${BASE}ppocr_keys_v1.txt`)).text());
    const pack = (m: typeof ours): OcrModels => ({
      detector: m.detector!,
      recognizer: m.recognizer!,
      classifier: m.classifier!,
      characters,
    });
    for (const [i, lines] of [['Parity 17']].entries()) {
      const img = renderText({
        lines,
        font: 'DejaVu Sans',
        size: 20,
        degrees: i * 2,
        noise: 0,
        width: 160,
        height: 64,
      });
      const [a, b] = [await readText(img, pack(ours)), await readText(img, pack(theirs))];
      expect(a.lines.map((l) => [l.text, l.quad])).toEqual(b.lines.map((l) => [l.text, l.quad]));
    }
  });
});
