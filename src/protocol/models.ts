// The typed API of the models worker: importing ONNX files into IndexedDB, listing, exporting and deleting them,
// and running them on pictures, table rows or raw tensors (on our engine, or onnxruntime-web for what it lacks).
import type { ModelRecord } from '../storage/db.ts';
import type { EngineChoice } from '../interop/load.ts';
import type { HostTensor, ModelSignature, OpTiming, TensorSignature } from '../interop/model.ts';
import type { ImageForm, InputForm, PixelScale, TableForm } from '../interop/model-inputs.ts';
import type { OutputSummary, TopClass } from '../interop/model-outputs.ts';
import type { ForeignCount } from './privacy.ts';

export type {
  EngineChoice,
  ForeignCount,
  HostTensor,
  ImageForm,
  InputForm,
  ModelRecord,
  ModelSignature,
  OpTiming,
  OutputSummary,
  PixelScale,
  TableForm,
  TensorSignature,
  TopClass,
};

/** A stored model and the input widget its signature calls for. */
export interface ModelInfo extends ModelRecord {
  form: InputForm;
}

/** Pictures to run, one model call each; `height`/`width` fill the model's free dimensions. */
export interface ImageBatch {
  kind: 'images';
  files: { name: string; data: Blob }[];
  scale: PixelScale;
  height: number;
  width: number;
}

/** CSV text, one model call per row. */
export interface TableBatch {
  kind: 'table';
  csv: string;
}

export type BatchInput = ImageBatch | TableBatch;

/** One item's answer: its outputs summarised, or the sentence saying why this item could not run. */
export interface ItemResult {
  name: string;
  outputs: OutputSummary[];
  error: string | null;
}

export interface BatchResult {
  items: ItemResult[];
  engine: EngineChoice;
  /** Per-op table of the last call (our engine only; empty on onnxruntime-web). */
  opTable: OpTiming[];
  /** Wall time of all the model calls, in milliseconds. */
  ms: number;
}

/** Raw outputs of one call, transferred. */
export interface TensorResult {
  outputs: Record<string, HostTensor>;
  engine: EngineChoice;
  opTable: OpTiming[];
  ms: number;
}

export interface BatchProgress {
  done: number;
  total: number;
}

export interface ModelsApi {
  /**
   * Reads an ONNX file, opens it on the engine that can run it, and stores it with its metadata in one
   * transaction. A bad file is a ModelFormatError, and nothing is stored. `labels`: the text of a class-names file
   * (one per line, or a JSON array), which overrides labels in the model's metadata.
   */
  importModel(bytes: Uint8Array, fileName: string, name: string, labels: string | null): Promise<ModelInfo>;
  /** Imported models, newest first. */
  listModels(): Promise<ModelInfo[]>;
  deleteModel(id: string): Promise<void>;
  /** The original file of a stored model, for download. */
  exportModel(id: string): Promise<{ bytes: Uint8Array; fileName: string }>;
  /** Runs a stored model once on raw tensors. */
  runModel(id: string, feeds: Record<string, HostTensor>): Promise<TensorResult>;
  /** Runs a stored model on each picture or table row in turn, reporting progress after each. */
  runBatch(id: string, input: BatchInput, onProgress?: (p: BatchProgress) => void): Promise<BatchResult>;
  /** Requests this worker made to other origins (its own resource timing; the page cannot see a worker's). */
  foreignRequests(): Promise<ForeignCount>;
}
