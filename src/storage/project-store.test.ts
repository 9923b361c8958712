// Project files against IndexedDB in the browser: a run saved as a project, deleted and opened again comes back with
// its dataset and checkpoint, and the restored checkpoint continues the same loss curve on WebGPU; opening twice
// reuses the stored dataset; a file that fails a check stores nothing.
import { afterAll, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { Engine, Model, PRESETS, Trainer, type TrainConfig } from '../engine/index.ts';
import { encodePack, type PackHeader } from '../data/pack.ts';
import { blobs } from '../data/toy.ts';
import { deleteRun, openStudioDb, saveCheckpoint, type RunRecord } from './db.ts';
import { captureCheckpoint, restoreCheckpoint } from './checkpoints.ts';
import { saveDataset } from './datasets.ts';
import { openProject, saveRunProject } from './project-store.ts';

const e = await Engine.create();
afterAll(() => e.dispose());
const preset = PRESETS.find((p) => p.id === 'blobs')!;
const config: TrainConfig = {
  epochs: 1,
  batchSize: 16,
  optimizer: { kind: 'adam', lr: 0.02 },
  loss: 'softmaxCrossEntropy',
  seed: 3,
  reportEveryMs: 0,
};
const data = blobs(64, 5);
const DATASET = 'imported-dots-abc123';
const header = {
  id: DATASET,
  title: 'Dots',
  description: '',
  source: 'test',
  license: 'none',
  count: 3,
  xShape: [2],
  xDtype: 'f32',
  xScale: 1,
  yShape: [],
  yDtype: 'i32',
  classes: 3,
  splits: { train: [0, 2], test: [2, 3] },
  splitRule: 'first two',
} as unknown as Omit<PackHeader, 'xBytes' | 'yBytes'>;
const pack = () => encodePack(header, Float32Array.from([0, 1, 2, 3, 4, 5]), Int32Array.from([0, 1, 2]));

const run: RunRecord = {
  id: 'r1',
  name: 'Blobs for class',
  presetId: 'blobs',
  datasetId: DATASET,
  spec: preset.spec,
  config,
  limit: null,
  testLimit: null,
  checkpointEvery: 100,
  status: 'created',
  createdAt: 1,
  updatedAt: 1,
  history: [],
};

async function losses(t: Trainer, until?: number): Promise<number[]> {
  const out: number[] = [];
  while (!t.done && (until === undefined || t.position.globalStep < until))
    for (const ev of await t.step()) if (ev.kind === 'step') out.push(ev.loss);
  return out;
}

describe('project files in IndexedDB', () => {
  test('save → delete → open restores the run, its dataset and a checkpoint that resumes the same curve', async () => {
    await deleteDB('project-test-1');
    const db = await openStudioDb('project-test-1');
    const p = pack();
    await saveDataset(db, {
      id: DATASET,
      title: 'Dots',
      source: 'imported',
      count: 3,
      bytes: p.byteLength,
      pack: p,
      storedAt: 1,
    });
    await db.put('runs', run);
    const full = await (async () => {
      const m = new Model(e, preset.spec);
      const t = new Trainer(e, m, config, data);
      const l = await losses(t);
      t.dispose();
      m.dispose();
      return l;
    })();
    const m1 = new Model(e, preset.spec);
    const t1 = new Trainer(e, m1, config, data);
    const first = await losses(t1, 2);
    await saveCheckpoint(db, await captureCheckpoint(t1, 'r1'), { status: 'paused', checkpointStep: 2 });
    t1.dispose();
    m1.dispose();

    const saved = await saveRunProject(db, 'r1');
    expect(saved.fileName).toBe('Blobs-for-class.dlstudio');
    await deleteRun(db, 'r1');
    await db.delete('datasets', DATASET);
    await db.delete('datasetInfo', DATASET);

    const opened = await openProject(db, saved.bytes, saved.fileName);
    expect(opened).toMatchObject({ datasetId: DATASET, datasetStored: true, hasCheckpoint: true });
    const back = (await db.get('runs', opened.runId!))!;
    expect(back).toMatchObject({
      name: run.name,
      datasetId: DATASET,
      spec: run.spec,
      config,
      status: 'paused',
      checkpointStep: 2,
    });
    expect(new Uint8Array((await db.get('datasets', DATASET))!.pack)).toEqual(new Uint8Array(p));
    expect((await db.get('datasetInfo', DATASET))!.header.title).toBe('Dots');

    const m2 = new Model(e, { ...preset.spec, seed: 999 });
    const t2 = new Trainer(e, m2, config, data);
    restoreCheckpoint(t2, (await db.get('checkpoints', opened.runId!))!);
    const rest = await losses(t2);
    const all = [...first, ...rest];
    expect(all.length).toBe(full.length);
    all.forEach((v, i) => expect(Math.abs(v - full[i])).toBeLessThan(1e-6));
    t2.dispose();
    m2.dispose();

    // Opened again: the same pack is already here, so it is not stored twice; the run is a new one.
    const again = await openProject(db, saved.bytes);
    expect(again.datasetStored).toBe(false);
    expect(again.runId).not.toBe(opened.runId);
    expect(await db.count('datasets')).toBe(1);
    db.close();
  });

  test('a file that fails a check stores nothing', async () => {
    await deleteDB('project-test-2');
    const db = await openStudioDb('project-test-2');
    const p = pack();
    await saveDataset(db, {
      id: DATASET,
      title: 'Dots',
      source: 'imported',
      count: 3,
      bytes: p.byteLength,
      pack: p,
      storedAt: 1,
    });
    await db.put('runs', run);
    const m = new Model(e, preset.spec);
    const t = new Trainer(e, m, config, data);
    await losses(t, 2);
    await saveCheckpoint(db, await captureCheckpoint(t, 'r1'), { status: 'paused' });
    t.dispose();
    m.dispose();
    const saved = await saveRunProject(db, 'r1');
    await deleteRun(db, 'r1');
    await db.delete('datasets', DATASET);
    await db.delete('datasetInfo', DATASET);
    // The model no longer fits its checkpoint: refused before anything is written.
    const files = unzipSync(saved.bytes);
    const wider = {
      ...preset.spec,
      layers: preset.spec.layers.map((l) => (l.type === 'dense' ? { ...l, units: 7 } : l)),
    };
    files['model.json'] = strToU8(JSON.stringify(wider));
    await expect(openProject(db, zipSync(files), 'x.dlstudio')).rejects.toThrow(/is inconsistent/);
    expect(await db.count('runs')).toBe(0);
    expect(await db.count('checkpoints')).toBe(0);
    expect(await db.count('datasets')).toBe(0);
    expect(await db.count('datasetInfo')).toBe(0);
    db.close();
  });
});
