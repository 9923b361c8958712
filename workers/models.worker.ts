// The models worker: imports ONNX files into IndexedDB and runs them, on our engine when the compiler maps every op
// to our kernels, else on onnxruntime-web in this same worker. Nothing here touches the network: ORT's wasm comes
// from the app's own origin, and the model and the inputs stay in this browser.
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';
import { ModelRunner } from './model-runner.ts';
import { workerHost } from './worker-host.ts';
import { loadModel } from '../src/interop/load.ts';
import { inputForm } from '../src/interop/model-inputs.ts';
import { parseLabels } from '../src/interop/onnx/signature.ts';
import type { ModelRecord } from '../src/storage/db.ts';
import { deleteModel, getModel, listModels, modelFile, saveModel } from '../src/storage/models.ts';
import type { ModelInfo, ModelsApi } from '../src/protocol/models.ts';
import { countForeign } from '../src/protocol/privacy.ts';

const host = workerHost(() => runner.close());
/** Our engine, or null where this worker cannot have WebGPU (ORT's CPU provider runs every model then). */
const engineOrNull = () => host.getEngine().catch(() => null);
const runner = new ModelRunner(host.getDb, engineOrNull);

const info = (r: ModelRecord): ModelInfo => ({ ...r, form: inputForm(r.signature) });

const api: ModelsApi = {
  importModel: (bytes, fileName, name, labels) =>
    runner.exclusive(async () => {
      // Opening it first is the check: a file neither engine can load is refused before anything is written.
      const loaded = await loadModel(bytes, fileName, await engineOrNull());
      const record: ModelRecord = {
        id: `model-${crypto.randomUUID()}`,
        name: name.trim() || fileName.replace(/\.onnx$/i, ''),
        fileName,
        format: 'onnx',
        bytes: bytes.byteLength,
        signature: loaded.model.signature,
        engine: loaded.choice,
        labels: (labels && parseLabels(labels)) || loaded.labels,
        createdAt: Date.now(),
      };
      try {
        await saveModel(await host.getDb(), record, bytes);
      } catch (e) {
        loaded.model.dispose();
        throw e;
      }
      runner.adopt(record.id, loaded);
      return info(record);
    }),

  listModels: async () => (await listModels(await host.getDb())).map(info),

  deleteModel: (id) =>
    runner.exclusive(async () => {
      runner.close(id);
      await deleteModel(await host.getDb(), id);
    }),

  exportModel: async (id) => {
    const db = await host.getDb();
    const [record, bytes] = await Promise.all([getModel(db, id), modelFile(db, id)]);
    return Comlink.transfer({ bytes, fileName: record.fileName }, [bytes.buffer]);
  },

  runModel: (id, feeds) =>
    runner.exclusive(async () => {
      const { loaded } = await runner.use(id);
      const started = performance.now();
      const outputs = await loaded.model.run(feeds);
      const ms = performance.now() - started;
      const result = { outputs, engine: loaded.choice, opTable: loaded.model.opTable?.() ?? [], ms };
      return Comlink.transfer(
        result,
        Object.values(outputs).map((t) => t.data.buffer as ArrayBuffer),
      );
    }),

  runBatch: (id, input, onProgress) => runner.exclusive(() => runner.batch(id, input, onProgress)),

  foreignRequests: async () => countForeign(performance.getEntriesByType('resource'), self.location.origin),
};

answerPings();
Comlink.expose(api);
