// Dataset export in the browser: an imported image-folder set comes back as real PNGs (decoded here with
// createImageBitmap) in one folder per class, and the zip re-imports as the same dataset.
import { afterAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { unzipSync } from 'fflate';
import { openStudioDb } from './db.ts';
import { importDataset } from './dataset-import.ts';
import { exportStoredDataset } from './dataset-export.ts';

await deleteDB('export-test');
const db = await openStudioDb('export-test');
afterAll(() => db.close());

async function png(colour: string, size: number): Promise<Blob> {
  const c = new OffscreenCanvas(size, size);
  const g = c.getContext('2d')!;
  g.fillStyle = colour;
  g.fillRect(0, 0, size, size);
  return c.convertToBlob({ type: 'image/png' });
}

async function pixel(bytes: Uint8Array): Promise<{ w: number; h: number; rgba: number[] }> {
  const bmp = await createImageBitmap(new Blob([bytes as BlobPart], { type: 'image/png' }));
  const c = new OffscreenCanvas(bmp.width, bmp.height);
  const g = c.getContext('2d')!;
  g.drawImage(bmp, 0, 0);
  return { w: bmp.width, h: bmp.height, rgba: Array.from(g.getImageData(0, 0, 1, 1).data) };
}

describe('dataset export (browser)', () => {
  test('an imported image set exports as PNGs per class and imports again unchanged', async () => {
    const files = [];
    for (let i = 0; i < 3; i++)
      files.push(
        { name: `toys/red/${i}.png`, data: await png('#ff0000', 9) },
        { name: `toys/blue/${i}.png`, data: await png('#0000ff', 5) },
      );
    const r = await importDataset(db, {
      title: 'Toys',
      source: { kind: 'images', files, options: { height: 4, width: 6, channels: 3, testFraction: 1 / 3 } },
    });
    const progress: number[] = [];
    const out = await exportStoredDataset(db, r.dataset.id, (p) => progress.push(p.done));
    expect(out.fileName).toBe('Toys.zip');
    expect(out.layout).toBe('images');
    expect(progress.at(-1)).toBe(6);
    const zip = unzipSync(out.bytes);
    const pngs = Object.keys(zip)
      .filter((f) => f.endsWith('.png'))
      .sort();
    expect(pngs).toHaveLength(6);
    expect(new Set(pngs.map((f) => f.split('/')[0]))).toEqual(new Set(['blue', 'red']));
    expect(pngs.filter((f) => f.includes('/test-'))).toHaveLength(2);
    const red = await pixel(zip[pngs.find((f) => f.startsWith('red/'))!]);
    expect([red.w, red.h]).toEqual([6, 4]);
    expect(red.rgba).toEqual([255, 0, 0, 255]);

    // The exported folder is what the image importer reads.
    const again = await importDataset(db, {
      title: 'Toys again',
      source: {
        kind: 'images',
        files: pngs.map((f) => ({ name: `Toys/${f}`, data: zip[f] })),
        options: { height: 4, width: 6, channels: 3, testFraction: 1 / 3 },
      },
    });
    expect(again.dataset.classNames).toEqual(['blue', 'red']);
    expect(again.dataset.trainCount + again.dataset.testCount).toBe(6);
  });

  test('a dataset that is not stored is refused with a sentence that says what to do', async () => {
    await expect(exportStoredDataset(db, 'mnist')).rejects.toThrow(/not stored in this browser.*Datasets view/);
  });
});
