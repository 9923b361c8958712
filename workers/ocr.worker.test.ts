// The read-text worker API through Comlink, as the page uses it (models on onnxruntime-web until our engine runs
// them): model loading with byte progress, a rendered picture read line by line, a file that is not a picture.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { OcrApi, OcrEvent } from '../src/protocol/ocr.ts';
import { renderText } from '../src/interop/ocr/text-samples.ts';

const worker = new Worker(new URL('./ocr-ort-test.worker.ts', import.meta.url), { type: 'module' });
const api = Comlink.wrap<OcrApi>(worker);
afterAll(() => worker.terminate());

async function png(lines: string[]): Promise<Blob> {
  const img = renderText({ lines, font: 'DejaVu Sans', size: 20, degrees: 0, noise: 0, width: 320, height: 112 });
  const canvas = new OffscreenCanvas(img.width, img.height);
  canvas.getContext('2d')!.putImageData(new ImageData(img.data as Uint8ClampedArray<ArrayBuffer>, img.width), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

test('loads the pack and reads a picture, reporting each stage', async () => {
  const events: OcrEvent[] = [];
  const info = await api.prepare(Comlink.proxy((e: OcrEvent) => events.push(e)));
  expect(info.engine).toBe('onnxruntime-web');
  const last = events.filter((e) => e.kind === 'loading').at(-1);
  expect(last).toEqual({ kind: 'loading', loaded: info.bytes, total: info.bytes });

  events.length = 0;
  const r = await api.readPicture(
    await png(['Ship to Berlin', 'Box 12 of 40']),
    'label.png',
    Comlink.proxy((e: OcrEvent) => events.push(e)),
  );
  expect(r.lines.map((l) => l.text)).toEqual(['Ship to Berlin', 'Box 12 of 40']);
  expect([r.width, r.height]).toEqual([320, 112]);
  expect(r.lines[0].quad[0].y).toBeLessThan(r.lines[1].quad[0].y);
  expect(events.map((e) => (e.kind === 'stage' ? `${e.stage} ${e.done}/${e.total}` : e.kind))).toEqual([
    'detect 0/1',
    'detect 1/1',
    'classify 2/2',
    'recognize 2/2',
  ]);
  expect(r.timings.total).toBeGreaterThan(0);
});

test('names a file that is not a picture', async () => {
  const notPicture = new Blob(['just text'], { type: 'text/plain' });
  await expect(
    api.readPicture(
      notPicture,
      'notes.txt',
      Comlink.proxy(() => {}),
    ),
  ).rejects.toThrow('notes.txt could not be read as a picture; use a PNG, JPEG, WebP, GIF or BMP file.');
});
