// The "Run a model" state with a stand-in client: an import that fails says why and changes nothing, one that works
// is chosen; a batch reports progress and keeps its results until another model is chosen; deleting asks first.
import { describe, expect, test } from 'vitest';
import { ConfirmState } from './confirm-state.svelte.ts';
import { RunModelState, type RunModelClient } from './run-model-state.svelte.ts';
import type { BatchInput, BatchProgress, BatchResult, ModelInfo } from '../protocol/models.ts';

const info = (id: string): ModelInfo => ({
  id,
  name: id,
  fileName: `${id}.onnx`,
  format: 'onnx',
  bytes: 10,
  signature: { inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }], outputs: [] },
  engine: { engine: 'onnxruntime-web', backend: { provider: 'wasm', fallbackReason: null }, reason: 'r', missing: [] },
  labels: null,
  createdAt: 1,
  form: { kind: 'table', input: 'x', rank: 2, features: 4 },
});

function fakeClient(stored: ModelInfo[]) {
  const calls: BatchInput[] = [];
  /** The batch waits here between its two progress events, so a test can look at the state mid-batch. */
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const client: RunModelClient = {
    listModels: async () => stored,
    importModel: async (bytes, fileName) => {
      if (bytes[0] !== 8)
        throw Object.assign(new Error(`${fileName} is not an ONNX model`), { name: 'ModelFormatError' });
      const m = info(fileName.replace('.onnx', ''));
      stored = [m, ...stored];
      return m;
    },
    deleteModel: async (id) => void (stored = stored.filter((m) => m.id !== id)),
    exportModel: async () => ({ bytes: new Uint8Array(1), fileName: 'x.onnx' }),
    runBatch: async (_id: string, input: BatchInput, onProgress?: (p: BatchProgress) => void) => {
      calls.push(input);
      onProgress?.({ done: 1, total: 2 });
      await gate;
      onProgress?.({ done: 2, total: 2 });
      return { items: [], engine: info('a').engine, opTable: [], ms: 1 } satisfies BatchResult;
    },
  };
  return { client, calls, release, stored: () => stored };
}

describe('RunModelState', () => {
  test('imports: a bad file leaves the list as it was; a good one is listed first and chosen', async () => {
    const fake = fakeClient([info('old')]);
    const s = new RunModelState(fake.client, new ConfirmState());
    await s.load();
    expect(s.selected?.id).toBe('old');
    await s.importFile(new File(['nope'], 'bad.onnx'));
    expect(s.error).toMatch(/^bad\.onnx is not an ONNX model\. Nothing was stored\./);
    expect(s.models.map((m) => m.id)).toEqual(['old']);
    await s.importFile(new File([Uint8Array.from([8, 1])], 'new.onnx'));
    expect(s.error).toBeNull();
    expect(s.models.map((m) => m.id)).toEqual(['new', 'old']);
    expect(s.selected?.id).toBe('new');
    expect(s.notice).toMatch(/Imported new\.onnx: onnxruntime-web runs it/);
  });

  test('a batch of rows: progress, then results, cleared when another model is chosen', async () => {
    const fake = fakeClient([info('a'), info('b')]);
    const s = new RunModelState(fake.client, new ConfirmState());
    await s.load();
    const running = s.runTable('1,2,3,4\n5,6,7,8');
    await expect.poll(() => s.progress).toEqual({ done: 1, total: 2 });
    expect(s.result).toBeNull();
    fake.release();
    await running;
    expect(fake.calls).toEqual([{ kind: 'table', csv: '1,2,3,4\n5,6,7,8' }]);
    expect(s.progress).toBeNull();
    expect(s.result?.ms).toBe(1);
    s.select('b');
    expect(s.result).toBeNull();
  });

  test('deleting asks first; cancelled keeps the model, confirmed removes it and chooses the next', async () => {
    const fake = fakeClient([info('a'), info('b')]);
    const confirm = new ConfirmState();
    const s = new RunModelState(fake.client, confirm);
    await s.load();
    const no = s.confirmDelete('a');
    expect(confirm.pending?.title).toBe('Delete the model “a”?');
    confirm.answer(false);
    expect(await no).toBe(false);
    expect(fake.stored().map((m) => m.id)).toEqual(['a', 'b']);
    const yes = s.confirmDelete('a');
    confirm.answer(true);
    expect(await yes).toBe(true);
    expect(s.models.map((m) => m.id)).toEqual(['b']);
    expect(s.selected?.id).toBe('b');
  });

  test('a trained run comes in as its ONNX export, named after the run and its step', async () => {
    const fake = fakeClient([]);
    const asked: [string, string | undefined][] = [];
    const training = {
      exportCheckpoint: async (runId: string, format?: string) => {
        asked.push([runId, format]);
        return { bytes: Uint8Array.from([8, 1]), fileName: 'mlp_step-40.onnx', mime: 'application/onnx', step: 40 };
      },
    };
    const s = new RunModelState(fake.client, new ConfirmState(), training);
    await s.importRun('run-1', 'Blobs MLP');
    expect(asked).toEqual([['run-1', 'onnx']]);
    expect(s.selected?.fileName).toBe('mlp_step-40.onnx');
    expect(s.notice).toMatch(/^Imported mlp_step-40\.onnx/);
  });
});
