// Dataset import in the browser (real IndexedDB, canvas decoding, WebGPU): a failed import leaves the stores
// exactly as they were, and an imported dataset loads through loadDataset like an embedded one.
import { afterAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import type { ModelSpec } from '../engine/index.ts';
import { openStudioDb, type StudioDb } from './db.ts';
import { saveDataset } from './datasets.ts';
import { ImportError } from '../data/importers/common.ts';
import { importDataset, listDatasets, removeDataset, type ImportProgress } from './dataset-import.ts';
import { loadDataset } from './dataset-loader.ts';
import { floatFeatures } from '../data/split.ts';
import { checkFits } from '../engine/train/run-setup.ts';

await deleteDB('import-test');
const db = await openStudioDb('import-test');
afterAll(() => db.close());

function csv(rows: number, bad?: { line: number; text: string }): Uint8Array {
  const lines = ['x1,x2,colour,label'];
  for (let i = 0; i < rows; i++) {
    const c = i % 2;
    lines.push(
      `${(c * 2 + Math.sin(i)).toFixed(3)},${(c * -2 + Math.cos(i * 1.7)).toFixed(3)},${['red', 'blue', 'green'][i % 3]},${c ? 'yes' : 'no'}`,
    );
  }
  if (bad) lines[bad.line - 1] = bad.text;
  return new TextEncoder().encode(lines.join('\n'));
}

/** Every record of both dataset stores, for comparing before and after. */
async function snapshot(d: StudioDb): Promise<unknown> {
  const packs = await d.getAll('datasets');
  return {
    packs: packs.map((p) => ({ ...p, pack: Array.from(new Uint8Array(p.pack)) })),
    infos: await d.getAll('datasetInfo'),
  };
}

async function png(colour: string, size = 8): Promise<Blob> {
  const c = new OffscreenCanvas(size, size);
  const g = c.getContext('2d')!;
  g.fillStyle = colour;
  g.fillRect(0, 0, size, size);
  return c.convertToBlob({ type: 'image/png' });
}

describe('dataset import', () => {
  test('an import that fails midway leaves the dataset stores exactly as before', async () => {
    const first = await importDataset(db, {
      title: 'Good table',
      source: { kind: 'csv', file: { name: 'good.csv', data: csv(40) }, options: { label: 'label' } },
    });
    expect(first.dataset.id).toMatch(/^imported-good-table-/);
    const before = await snapshot(db);

    const badCsv = importDataset(db, {
      title: 'Bad',
      source: {
        kind: 'csv',
        file: { name: 'bad.csv', data: csv(40, { line: 23, text: '1.0,abc,red,yes' }) },
        options: { label: 'label' },
      },
    });
    await expect(badCsv).rejects.toThrow('bad.csv, line 23: column "x2" is "abc", expected a number');
    await expect(badCsv).rejects.toBeInstanceOf(ImportError);

    const record = new Uint8Array(3073 * 3);
    const truncated = importDataset(db, {
      title: 'CIFAR',
      source: {
        kind: 'cifar10',
        files: [
          { name: 'data_batch_1.bin', data: record },
          { name: 'data_batch_2.bin', data: new Blob([record.subarray(0, 3073 + 100)]) },
        ],
      },
    });
    await expect(truncated).rejects.toThrow(/^data_batch_2\.bin, record 1: is truncated/);

    const images = importDataset(db, {
      title: 'Pictures',
      source: {
        kind: 'images',
        files: [
          { name: 'p/a/1.png', data: await png('red') },
          { name: 'p/b/2.png', data: await png('blue') },
          { name: 'p/b/oops.png', data: new Blob(['not a png']) },
        ],
        options: { height: 4, width: 4, channels: 3 },
      },
    });
    await expect(images).rejects.toThrow(/^p\/b\/oops\.png: could not be decoded as an image/);

    // A write that fails inside the transaction (here a value IndexedDB cannot store) rolls back whole.
    const stored = await db.get('datasets', first.dataset.id);
    await expect(
      saveDataset(db, { ...stored!, title: 'changed', oops: () => 0 } as typeof stored & { oops: () => number }, {
        replace: true,
      }),
    ).rejects.toThrow();
    await expect(saveDataset(db, stored!)).rejects.toThrow(/already stored/);

    expect(await snapshot(db)).toEqual(before);
    expect((await listDatasets(db)).map((d) => d.title)).toEqual(['Good table']);
    await removeDataset(db, first.dataset.id);
    expect(await listDatasets(db)).toEqual([]);
    expect(await db.count('datasets')).toBe(0);
  });

  test('images are decoded and resized with the canvas, with progress', async () => {
    const files = [];
    for (let i = 0; i < 3; i++)
      files.push(
        { name: `shapes/red/${i}.png`, data: await png('#ff0000', 10 + i) },
        { name: `shapes/blue/${i}.png`, data: await png('#0000ff', 7) },
      );
    const progress: ImportProgress[] = [];
    const r = await importDataset(
      db,
      {
        title: 'Colours',
        source: { kind: 'images', files, options: { height: 4, width: 4, channels: 3, testFraction: 1 / 3 } },
      },
      (p) => progress.push(p),
    );
    expect(r.dataset.xShape).toEqual([4, 4, 3]);
    expect(r.dataset.classNames).toEqual(['blue', 'red']);
    expect(r.dataset.trainCount).toBe(4);
    expect(progress.at(-1)?.stage).toBe('done');
    const ds = await loadDataset(db, r.dataset.id);
    const x = floatFeatures(ds.train);
    for (let i = 0; i < ds.train.count; i++) {
      const px = Array.from(x.subarray(i * 48, i * 48 + 3));
      expect(px).toEqual(ds.train.y[i] === 1 ? [1, 0, 0] : [0, 0, 1]);
    }
  });

  test('an imported CSV loads back through loadDataset (training on it: import-api.test.ts)', async () => {
    const r = await importDataset(db, {
      title: 'Trainable',
      source: { kind: 'csv', file: { name: 't.csv', data: csv(64) }, options: { label: 'label' } },
    });
    expect(r.dataset.featureNames).toEqual(['x1', 'x2', 'colour=blue', 'colour=green', 'colour=red']);
    const ds = await loadDataset(db, r.dataset.id);
    expect(ds.train.count + ds.test.count).toBe(64);
    expect(ds.header?.encoding?.kind).toBe('csv');
    const spec: ModelSpec = {
      name: 'mlp',
      input: { shape: [5] },
      seed: 1,
      layers: [
        { type: 'dense', units: 8, activation: 'relu' },
        { type: 'dense', units: 2 },
      ],
    };
    checkFits(spec, ds, r.dataset.title);
    expect(() => checkFits({ ...spec, input: { shape: [4] } }, ds, 'Trainable')).toThrow(
      /set the input shape to \[5\]/,
    );
    expect(() => checkFits({ ...spec, layers: [{ type: 'dense', units: 1 }] }, ds, 'Trainable')).toThrow(
      /Layer 1 \(dense\) has 1 output but “Trainable” has 2 classes: set units to 2\./,
    );
    await removeDataset(db, r.dataset.id);
    await expect(loadDataset(db, r.dataset.id)).rejects.toThrow(/no longer stored in this browser/);
  });

  test('models are checked against imported text: output per position, embedding range', async () => {
    const names = 'anna\nbob\ncleo\ndan\neve\nfinn\ngus\nhal\nivy\njo\nkai\nlou\n';
    const r = await importDataset(db, {
      title: 'Names',
      source: { kind: 'text', file: { name: 'names.txt', data: new Blob([names]) }, options: { length: 8 } },
    });
    expect(r.dataset.task).toBe('sequence');
    expect(r.dataset.importer).toBe('text');
    const V = r.dataset.classes;
    expect(r.dataset.vocabulary?.length).toBe(V);
    const ds = await loadDataset(db, r.dataset.id);
    const spec: ModelSpec = {
      name: 'tiny gpt',
      input: { shape: [8], dtype: 'i32' },
      seed: 1,
      layers: [
        { type: 'embedding', vocabSize: V, dim: 16 },
        { type: 'positionalEmbedding', maxLength: 8 },
        { type: 'transformerBlock', heads: 2, causal: true },
        { type: 'dense', units: V },
      ],
    };
    checkFits(spec, ds, 'Names');
    expect(() =>
      checkFits(
        { ...spec, layers: [{ type: 'embedding', vocabSize: 5, dim: 16 }, ...spec.layers.slice(1)] },
        ds,
        'Names',
      ),
    ).toThrow(/set vocabSize to at least/);
    expect(() =>
      checkFits({ ...spec, layers: [...spec.layers.slice(0, 3), { type: 'dense', units: 3 }] }, ds, 'Names'),
    ).toThrow(/Layer 4 \(dense\) has 3 outputs .* set units to \d+\./);
    expect(() => checkFits({ ...spec, input: { shape: [8] } }, ds, 'Names')).toThrow(/input dtype must be i32/);
    await removeDataset(db, r.dataset.id);
  });
});
