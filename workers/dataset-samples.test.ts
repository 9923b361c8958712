// datasetSamples through the real datasets worker: pages of an imported CSV and of an embedded pack (copied in
// on first use), labels and class counts that match the split, and offsets clamped to the split.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { DatasetProgress, DatasetsApi } from '../src/protocol/datasets.ts';

const worker = new Worker(new URL('./datasets.worker.ts', import.meta.url), { type: 'module' });
const api = Comlink.wrap<DatasetsApi>(worker);
afterAll(() => worker.terminate());

test('samples and class counts of an imported CSV', async () => {
  const rows = [
    'a,b,label',
    ...Array.from({ length: 50 }, (_, i) => `${i},${i % 7},${i % 5 === 0 ? 'five' : 'other'}`),
  ];
  const file = { name: 'counts.csv', data: new TextEncoder().encode(rows.join('\n')) };
  const { dataset } = await api.importDataset({
    title: 'Counts',
    source: { kind: 'csv', file, options: { label: 'label' } },
  });
  try {
    const s = await api.datasetSamples(dataset.id, 'train', 0, 5);
    expect(s).toMatchObject({ offset: 0, count: 5, total: dataset.trainCount, xShape: [2], yShape: [] });
    expect(s.x).toBeInstanceOf(Float32Array);
    expect(s.x.length).toBe(10);
    expect(s.y).toBeInstanceOf(Int32Array);
    expect(s.dataset.classNames).toEqual(['five', 'other']);
    expect(s.classCounts!.reduce((a, b) => a + b, 0)).toBe(dataset.trainCount);
    const test = await api.datasetSamples(dataset.id, 'test', 0, 100);
    expect(test.count).toBe(dataset.testCount);
    expect(test.classCounts).toEqual([2, 8]);
    const tail = await api.datasetSamples(dataset.id, 'train', dataset.trainCount - 2, 10);
    expect(tail).toMatchObject({ offset: dataset.trainCount - 2, count: 2 });
  } finally {
    await api.deleteDataset(dataset.id);
  }
  await expect(api.datasetSamples(dataset.id, 'train', 0, 1)).rejects.toThrow(/no longer stored/);
});

test('an embedded pack is copied in on first use and read a page at a time', async () => {
  await api.deleteDataset('iris');
  const events: DatasetProgress[] = [];
  const s = await api.datasetSamples(
    'iris',
    'test',
    3,
    4,
    Comlink.proxy((e: DatasetProgress) => events.push(e)),
  );
  expect(events.some((e) => e.kind === 'dataset' && e.stage === 'store')).toBe(true);
  expect(s).toMatchObject({ offset: 3, count: 4, total: 30, xShape: [4] });
  expect(s.dataset).toMatchObject({ id: 'iris', source: 'embedded', task: 'classification', classes: 3 });
  expect(s.classCounts!.reduce((a, b) => a + b, 0)).toBe(30);
  expect([...s.y].every((c) => c >= 0 && c < 3)).toBe(true);
  expect((await api.listDatasets()).some((d) => d.id === 'iris')).toBe(true);
});
