// What every imported model looks like to a worker, whichever engine runs it: a signature, and run() on host
// tensors. ONNX graphs on our engine, ONNX graphs on onnxruntime-web and converted TF.js models all fit it.

/** Element types a model's inputs and outputs may have on the host side. */
export type HostDType = 'float32' | 'int32' | 'int64' | 'uint8' | 'bool';

/** A tensor on the CPU side of a model call. int64 data is a BigInt64Array, bool a Uint8Array of 0/1. */
export interface HostTensor {
  dtype: HostDType;
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

/** One input or output: a dimension is a number, or a name (`'batch'`, `'height'`) when the model leaves it free. */
export interface TensorSignature {
  name: string;
  dtype: HostDType;
  shape: (number | string)[];
}

export interface ModelSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

/** One row of the per-op table shown for a model run on our engine. */
export interface OpTiming {
  op: string;
  count: number;
  /** Wall time of the last run spent in this op type, in milliseconds (GPU work included at readback). */
  ms: number;
}

/** Which engine runs a model: ours, or onnxruntime-web for graphs with ops we do not run. */
export type ModelEngine = 'studio' | 'onnxruntime-web';

/** A model ready to run. Inputs are checked against the signature; a mismatch is a ShapeError naming the input. */
export interface RunnableModel {
  readonly engine: ModelEngine;
  readonly signature: ModelSignature;
  run(feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  /** Per-op table of the last run (our engine only). */
  opTable?(): OpTiming[];
  /** Frees GPU memory and sessions. */
  dispose(): void;
}
