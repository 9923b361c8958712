// Imported models in IndexedDB: stored with their file in one transaction, listed newest first without their
// files, counted in the studio's own usage, deleted together; a refused file leaves nothing behind.
import { afterEach, describe, expect, test } from 'vitest';
import { deleteDB } from 'idb';
import { openStudioDb, type ModelRecord, type StudioDb } from './db.ts';
import { deleteModel, getModel, listModels, modelFile, saveModel } from './models.ts';
import { storeUsage } from './usage.ts';
import { loadModel } from '../interop/load.ts';
import { tinyOnnx } from '../interop/testing/tiny-onnx.ts';

let db: StudioDb | null = null;
afterEach(async () => {
  db?.close();
  db = null;
  await deleteDB('models-test');
});

const record = (id: string, createdAt: number, bytes: number): ModelRecord => ({
  id,
  name: id,
  fileName: `${id}.onnx`,
  format: 'onnx',
  bytes,
  signature: { inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4] }], outputs: [] },
  engine: {
    engine: 'onnxruntime-web',
    backend: { provider: 'wasm', fallbackReason: null },
    reason: 'r',
    missing: ['If'],
  },
  labels: ['a', 'b', 'c'],
  createdAt,
});

/** What an import does (the models worker): open the file first, then store it; a refused file stores nothing. */
async function importFile(d: StudioDb, bytes: Uint8Array, fileName: string): Promise<ModelRecord> {
  const { model, choice, labels } = await loadModel(bytes, fileName, null);
  const r = { ...record(fileName, Date.now(), bytes.byteLength), signature: model.signature, engine: choice, labels };
  model.dispose();
  await saveModel(d, r, bytes);
  return r;
}

describe('imported models in IndexedDB', () => {
  test('import, list newest first, read back the file, count, delete', async () => {
    db = await openStudioDb('models-test');
    const file = tinyOnnx({ labels: ['cat', 'dog', 'fox'] });
    const r = await importFile(db, file, 'tiny.onnx');
    await saveModel(db, record('older', 1, 3), Uint8Array.from([8, 1, 2]));
    expect((await listModels(db)).map((m) => m.id)).toEqual(['tiny.onnx', 'older']);
    expect(await getModel(db, 'tiny.onnx')).toMatchObject({ labels: ['cat', 'dog', 'fox'], bytes: file.byteLength });
    expect(r.signature.outputs).toEqual([{ name: 'y', dtype: 'float32', shape: ['batch', 3] }]);
    expect(await modelFile(db, 'tiny.onnx')).toEqual(file);
    // A view into a larger buffer stores only its own bytes.
    const big = new Uint8Array(16).fill(7);
    await saveModel(db, record('view', 2, 4), big.subarray(4, 8));
    expect(await modelFile(db, 'view')).toEqual(Uint8Array.from([7, 7, 7, 7]));

    const usage = await storeUsage(db);
    expect(usage.models['tiny.onnx']).toBeGreaterThan(file.byteLength);
    expect(Object.keys(usage.models).sort()).toEqual(['older', 'tiny.onnx', 'view']);

    await deleteModel(db, 'tiny.onnx');
    expect((await listModels(db)).map((m) => m.id)).toEqual(['view', 'older']);
    expect(await db.get('modelFiles', 'tiny.onnx')).toBeUndefined();
    await expect(getModel(db, 'tiny.onnx')).rejects.toThrow(/no longer stored/);
    await expect(modelFile(db, 'tiny.onnx')).rejects.toThrow(/import it again/);
  });

  test('a bad file is refused with a sentence, and nothing is stored', async () => {
    db = await openStudioDb('models-test');
    const cut = tinyOnnx().subarray(0, 50);
    await expect(importFile(db, cut, 'cut.onnx')).rejects.toMatchObject({
      name: 'ModelFormatError',
      message: expect.stringMatching(/cut\.onnx/),
    });
    await expect(importFile(db, new TextEncoder().encode('PK\u0003\u0004'), 'zip.onnx')).rejects.toThrow(
      /zip\.onnx is not an ONNX model/,
    );
    expect(await db.count('models')).toBe(0);
    expect(await db.count('modelFiles')).toBe(0);
  });

  test('metadata and file are one transaction: a failed write leaves neither', async () => {
    db = await openStudioDb('models-test');
    // A record the store cannot clone (a function) fails the put inside the transaction that also writes the file.
    const bad = { ...record('bad', 1, 3), labels: [() => 0] } as unknown as ModelRecord;
    await expect(saveModel(db, bad, Uint8Array.from([8, 1, 2]))).rejects.toThrow();
    expect(await db.count('models')).toBe(0);
    expect(await db.count('modelFiles')).toBe(0);
  });
});
