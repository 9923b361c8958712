// IndexedDB storage in the browser: schema, checkpoints written atomically with their run, a resumed run
// continuing the same loss curve on WebGPU, and .safetensors export/import that refuses bad files.
import { afterAll, describe, expect, test } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { Engine, Model, PRESETS, Trainer, type TrainConfig } from '../engine/index.ts';
import { openStudioDb, saveCheckpoint, deleteRun, DB_VERSION, UPGRADE_BLOCKED_MESSAGE, type RunRecord } from './db.ts';
import { captureCheckpoint, checkpointToSafetensors, restoreCheckpoint, safetensorsToWeights } from './checkpoints.ts';
import { blobs } from '../data/toy.ts';

const e = await Engine.create();
afterAll(() => e.dispose());
const preset = PRESETS.find((p) => p.id === 'blobs')!;
const config: TrainConfig = {
  epochs: 2,
  batchSize: 16,
  optimizer: { kind: 'adam', lr: 0.02 },
  loss: 'softmaxCrossEntropy',
  seed: 3,
  reportEveryMs: 0,
};
const data = blobs(96, 5);

function run(id: string): RunRecord {
  return {
    id,
    name: 'test',
    presetId: 'blobs',
    datasetId: 'blobs',
    spec: preset.spec,
    config,
    limit: null,
    testLimit: null,
    checkpointEvery: 100,
    status: 'created',
    createdAt: Date.now(),
    updatedAt: Date.now(),
    history: [],
  };
}

async function losses(t: Trainer, until?: number): Promise<number[]> {
  const out: number[] = [];
  while (!t.done && (until === undefined || t.position.globalStep < until))
    for (const ev of await t.step()) if (ev.kind === 'step') out.push(ev.loss);
  return out;
}

describe('storage', () => {
  test('the schema opens at its version with every store', async () => {
    await deleteDB('storage-test-1');
    const db = await openStudioDb('storage-test-1');
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'checkpoints',
      'datasetInfo',
      'datasets',
      'kernelTuning',
      'modelFiles',
      'models',
      'runs',
      'settings',
    ]);
    db.close();
  });

  test('an older tab holding the database makes the upgrade fail with a sentence; our connection steps aside for a newer one', async () => {
    await deleteDB('storage-test-blocked');
    // An "older tab": a raw connection at the previous version with no versionchange handler.
    const old = await openDB('storage-test-blocked', DB_VERSION - 1);
    const blocked = await openStudioDb('storage-test-blocked').catch((x: unknown) => x);
    expect((blocked as Error).message).toBe(UPGRADE_BLOCKED_MESSAGE);
    expect((blocked as Error).name).toBe('UpgradeBlockedError');
    old.close();
    // Once the old tab is gone, the upgrade goes through; and a still newer version is not blocked by us.
    const db = await openStudioDb('storage-test-blocked');
    expect(db.version).toBe(DB_VERSION);
    const newer = await openDB('storage-test-blocked', DB_VERSION + 1);
    expect(newer.version).toBe(DB_VERSION + 1);
    newer.close();
    // This (now older) version opening the upgraded database fails with a typed error (src/ui/errors.ts explains it
    // by its name, as it does the blocked open's): the advice never depends on the message's words.
    const err = await openStudioDb('storage-test-blocked').catch((x: unknown) => x);
    expect((err as Error).name).toBe('VersionError');
  });

  test('a checkpoint restored into a fresh trainer continues the same curve (a reload mid-run)', async () => {
    await deleteDB('storage-test-2');
    const db = await openStudioDb('storage-test-2');
    await db.put('runs', run('r1'));
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
    const first = await losses(t1, 4);
    await saveCheckpoint(db, await captureCheckpoint(t1, 'r1'), { status: 'paused' });
    t1.dispose();
    m1.dispose();
    // "Reload": everything in memory is gone; rebuild from the database.
    const stored = await db.get('checkpoints', 'r1');
    expect((await db.get('runs', 'r1'))!.status).toBe('paused');
    const m2 = new Model(e, { ...preset.spec, seed: 999 });
    const t2 = new Trainer(e, m2, config, data);
    restoreCheckpoint(t2, stored!);
    const rest = await losses(t2);
    expectCloseArrays([...first, ...rest], full);
    t2.dispose();
    m2.dispose();
    db.close();
  });

  test('a checkpoint write that fails leaves the previous checkpoint whole', async () => {
    await deleteDB('storage-test-3');
    const db = await openStudioDb('storage-test-3');
    await db.put('runs', run('r2'));
    const good = {
      runId: 'r2',
      savedAt: 1,
      position: {
        epoch: 0,
        batch: 1,
        globalStep: 1,
        bestValLoss: null,
        epochsWithoutImprovement: 0,
        epochLossSum: 0,
        epochCorrect: 0,
        epochSeen: 0,
      },
      tensors: { w: { shape: [1], data: new Float32Array([1]).buffer } },
      optimizer: { kind: 'adam', step: 1, state: {} },
    };
    await saveCheckpoint(db, good, { status: 'running' });
    // A value IndexedDB cannot store (a function) makes the transaction fail part-way.
    const bad = {
      ...good,
      savedAt: 2,
      position: { ...good.position, globalStep: 2 },
      tensors: { w: { shape: [1], data: (() => 0) as unknown as ArrayBuffer } },
    };
    await expect(saveCheckpoint(db, bad, { status: 'finished' })).rejects.toThrow();
    const after = await db.get('checkpoints', 'r2');
    expect(after!.position.globalStep).toBe(1);
    expect((await db.get('runs', 'r2'))!.status).toBe('running');
    await deleteRun(db, 'r2');
    expect(await db.get('checkpoints', 'r2')).toBeUndefined();
    db.close();
  });

  test('.safetensors export carries the spec; import checks it and refuses mismatches', async () => {
    const m = new Model(e, preset.spec);
    const t = new Trainer(e, m, config, data);
    await losses(t, 2);
    const ckpt = await captureCheckpoint(t, 'x');
    const file = checkpointToSafetensors(ckpt, preset.spec);
    const back = safetensorsToWeights(file, preset.spec);
    expect(back.spec).toEqual(preset.spec);
    expect(new Float32Array(back.tensors['layers[0].kernel'].data)).toEqual(
      new Float32Array(ckpt.tensors['layers[0].kernel'].data),
    );
    const other = PRESETS.find((p) => p.id === 'iris')!.spec;
    expect(() => safetensorsToWeights(file, other)).toThrow(/different model/);
    expect(() => safetensorsToWeights(file.slice(0, file.length - 3))).toThrow(/truncated/);
    t.dispose();
    m.dispose();
  });
});

function expectCloseArrays(a: number[], b: number[]) {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-6));
}
