// TEST CODE ONLY: the read-text worker's API with the models on onnxruntime-web (wasm), so the worker's decoding,
// events and batching are tested before our engine runs these graphs.
import * as Comlink from 'comlink';
import { ocrApi } from './ocr-api.ts';
import { ortModel } from '../src/interop/ocr/ort-for-tests.ts';

Comlink.expose(ocrApi((bytes) => ortModel(bytes)));
