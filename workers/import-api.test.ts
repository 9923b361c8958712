// The import API through the real datasets and training workers and Comlink, as the page uses it: import a CSV
// File with progress, list it, train a user-given model on it for a few steps (loaded by loadDataset), delete it.
import { afterAll, expect, test } from 'vitest';
import * as Comlink from 'comlink';
import type { ImportProgress } from '../src/protocol/datasets.ts';
import type { WorkerEvent } from '../src/protocol/training.ts';
import { spawnWorkers } from './test-workers.ts';

const { training, datasets, terminate } = spawnWorkers();
afterAll(terminate);

test('import a CSV, train a custom model on it, delete it', async () => {
  const rows = [
    'a,b,label',
    ...Array.from({ length: 40 }, (_, i) => `${(i % 2) + Math.sin(i) * 0.2},${Math.cos(i)},${i % 2 ? 'odd' : 'even'}`),
  ];
  const file = new File([rows.join('\n')], 'parity.csv', { type: 'text/csv' });
  const preview = await datasets.previewCsv({ name: file.name, data: file });
  expect(preview.columns.map((c) => c.type)).toEqual(['numeric', 'numeric', 'categorical']);

  const stages: string[] = [];
  const { dataset } = await datasets.importDataset(
    {
      title: 'Parity',
      source: { kind: 'csv', file: { name: file.name, data: file }, options: { label: preview.suggestedLabel } },
    },
    Comlink.proxy((p: ImportProgress) => stages.push(p.stage)),
  );
  expect(stages.at(-1)).toBe('done');
  expect(dataset).toMatchObject({
    title: 'Parity',
    source: 'imported',
    importer: 'csv',
    task: 'classification',
    xShape: [2],
    classNames: ['even', 'odd'],
    count: 40,
  });
  expect((await datasets.listDatasets()).some((d) => d.id === dataset.id)).toBe(true);

  await expect(training.createRun({ datasetId: dataset.id })).rejects.toThrow(
    /Choose a preset, or both a dataset and a model/,
  );
  const bad = { name: 'Too wide', input: { shape: [3] }, layers: [{ type: 'dense' as const, units: 2 }] };
  await expect(training.createRun({ datasetId: dataset.id, spec: bad })).rejects.toThrow(
    /set the input shape to \[2\]/,
  );
  const spec = {
    name: 'Parity MLP',
    input: { shape: [2] },
    seed: 1,
    layers: [
      { type: 'dense' as const, units: 8, activation: 'tanh' as const },
      { type: 'dense' as const, units: 2 },
    ],
  };
  const run = await training.createRun({ datasetId: dataset.id, spec, epochs: 1, batchSize: 8 });
  expect(run).toMatchObject({ presetId: null, datasetId: dataset.id });
  const events: WorkerEvent[] = [];
  let after = run;
  for (let s = 0; s < 3; s++)
    after = await training.singleStep(
      run.id,
      Comlink.proxy((e: WorkerEvent) => events.push(e)),
    );
  expect(after.globalStep).toBe(3);
  expect(events.some((e) => e.kind === 'step' && Number.isFinite(e.loss))).toBe(true);

  await training.deleteRun(run.id);
  await datasets.deleteDataset(dataset.id);
  expect((await datasets.listDatasets()).some((d) => d.id === dataset.id)).toBe(false);
});
