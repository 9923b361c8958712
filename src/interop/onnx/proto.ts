// Reads and writes ONNX model files with the static protobuf code generated from onnx.proto (`npm run proto`).
// int64 fields come back as plain numbers: shapes and attributes never need more than 2^53.
import $protobuf from 'protobufjs/minimal.js';
import { onnx } from './onnx-pb.js';
import { ModelFormatError } from '../errors.ts';

$protobuf.util.Long = null as unknown as typeof $protobuf.util.Long;
$protobuf.configure();

export { onnx };
export type ModelProto = onnx.ModelProto;
export type GraphProto = onnx.IGraphProto;
export type NodeProto = onnx.INodeProto;
export type TensorProto = onnx.ITensorProto;
export type AttributeProto = onnx.IAttributeProto;
export type ValueInfoProto = onnx.IValueInfoProto;

/**
 * Decodes an ONNX file. A file that is not protobuf, is cut short, or holds no graph gets a ModelFormatError naming
 * the file; nothing about it is kept.
 */
export function decodeModel(bytes: Uint8Array, fileName = 'the file'): ModelProto {
  if (bytes.byteLength === 0) throw new ModelFormatError(`${fileName} is empty.`);
  // An ONNX file starts with field 1 (ir_version, varint: 0x08) in every exporter we know; zip, JSON, HTML and
  // safetensors files do not.
  if (bytes[0] !== 0x08)
    throw new ModelFormatError(
      `${fileName} is not an ONNX model (it does not start like one: first byte 0x${bytes[0].toString(16).padStart(2, '0')}).`,
    );
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ModelFormatError(
      `${fileName} is not a complete ONNX model (${(e as Error).message}); it may be truncated — download or export it again.`,
    );
  }
  if (!model.graph || !model.graph.node?.length)
    throw new ModelFormatError(`${fileName} holds no graph: it is not an ONNX model, or it is truncated.`);
  return model;
}

/** Encodes an ONNX model to bytes. */
export function encodeModel(model: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
