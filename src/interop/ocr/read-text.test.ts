// The read-text pipeline end to end on pictures this test renders (fonts, sizes, small rotations, noise), with the
// models on onnxruntime-web for now: recognised lines must match the rendered strings to ≥ 95% character accuracy.
import { beforeAll, describe, expect, it } from 'vitest';
import { ortOcrModels } from './ort-for-tests.ts';
import { readText, type OcrModels } from './pipeline.ts';
import { characterAccuracy, renderText, type TextSample } from './text-samples.ts';

const FONTS = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono'];
const TEXTS = [
  ['Invoice 2024-117'],
  ['Total due: 48.50 EUR'],
  ['The quick brown fox'],
  ['jumps over the lazy dog'],
  ['Meeting at 10:30', 'Room B12'],
  ['Open daily 9am to 5pm'],
  ['Keep out of reach'],
  ['Order #55821 shipped'],
  ['WebGPU runs locally'],
  ['Call 555-0142 today'],
  ['Price 12.99', 'Tax 2.47'],
  ['Hello from the studio'],
];

const samples: TextSample[] = TEXTS.map((lines, i) => ({
  lines,
  font: FONTS[i % FONTS.length],
  size: [18, 22, 20][i % 3],
  degrees: [0, 2, -3, 4, 0, -2][i % 6],
  noise: i % 4 === 3 ? 18 : 0,
  width: 320,
  height: lines.length === 1 ? 80 : 128,
}));

describe('readText on PP-OCR (onnxruntime-web wasm)', () => {
  let models: OcrModels;
  beforeAll(async () => {
    models = await ortOcrModels();
  });

  it('reads rendered text with at least 95% character accuracy', async () => {
    let errors = 0;
    let chars = 0;
    const t0 = performance.now();
    const report: string[] = [];
    for (const [i, s] of samples.entries()) {
      const r = await readText(renderText(s, i + 1), models);
      const expected = s.lines.join('\n');
      const got = r.lines.map((l) => l.text).join('\n');
      const acc = characterAccuracy(expected, got);
      errors += (1 - acc) * expected.length;
      chars += expected.length;
      report.push(`${acc.toFixed(3)} ${s.font} ${s.size}px ${s.degrees}° noise ${s.noise}: ${JSON.stringify(got)}`);
    }
    const accuracy = 1 - errors / chars;
    const ms = performance.now() - t0;
    console.log(
      `read-text accuracy ${(accuracy * 100).toFixed(2)}% over ${chars} characters, ${samples.length} pictures in ${ms.toFixed(0)} ms\n${report.join('\n')}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('turns an upside-down line with the direction classifier', async () => {
    const s = {
      lines: ['Upside down 42'],
      font: 'DejaVu Sans',
      size: 22,
      degrees: 180,
      noise: 0,
      width: 320,
      height: 80,
    };
    const r = await readText(renderText(s), models);
    expect(r.lines.map((l) => [l.text, l.flipped])).toEqual([['Upside down 42', true]]);
  });

  it('finds nothing on a blank page', async () => {
    const r = await readText(
      renderText({ lines: [], font: 'DejaVu Sans', size: 20, degrees: 0, noise: 0, width: 160, height: 64 }),
      models,
    );
    expect(r.lines).toEqual([]);
  });
});
