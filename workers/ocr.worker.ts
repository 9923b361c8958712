// The read-text worker: PaddleOCR's models on our engine (compileOnnx, chosen in ./ocr-models.ts), behind the API
// of ./ocr-api.ts.
import * as Comlink from 'comlink';
import { answerPings } from './heartbeat.ts';
import { ocrApi } from './ocr-api.ts';
import { compileOnnx } from '../src/interop/onnx/index.ts';

answerPings();
Comlink.expose(ocrApi(compileOnnx));
