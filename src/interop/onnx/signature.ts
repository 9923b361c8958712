// An ONNX graph's inputs and outputs as a ModelSignature (initializers listed as inputs by old exporters are left
// out), and the class labels an exporter may have written into the model's metadata.
import type { HostDType, ModelSignature, TensorSignature } from '../model.ts';
import { UnsupportedModelError } from '../errors.ts';
import type { ModelProto, ValueInfoProto } from './proto.ts';

/** ONNX TensorProto.DataType codes of the element types a model's inputs and outputs may have here. */
const DTYPES: Record<number, HostDType> = { 1: 'float32', 2: 'uint8', 6: 'int32', 7: 'int64', 9: 'bool' };
const DTYPE_NAMES: Record<number, string> = {
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  8: 'string',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

function tensorSignature(v: ValueInfoProto, fileName: string): TensorSignature {
  const name = v.name ?? '';
  const t = v.type?.tensorType;
  if (!t)
    throw new UnsupportedModelError(
      `${fileName}: “${name}” is not a tensor (a sequence or map); the studio runs models whose inputs and outputs are tensors.`,
      ['non-tensor value'],
    );
  const code = t.elemType ?? 0;
  const dtype = DTYPES[code];
  if (!dtype)
    throw new UnsupportedModelError(
      `${fileName}: “${name}” holds ${DTYPE_NAMES[code] ?? `element type ${code}`} values; the studio feeds and reads float32, int32, int64, uint8 and bool tensors.`,
      [DTYPE_NAMES[code] ?? `dtype ${code}`],
    );
  const dims = t.shape?.dim ?? [];
  const shape = dims.map((d, i) => (d.dimValue && d.dimValue > 0 ? d.dimValue : d.dimParam || `d${i}`));
  return { name, dtype, shape };
}

/** The graph's signature: its real inputs (not weights) and its outputs, with free dimensions named. */
export function onnxSignature(model: ModelProto, fileName: string): ModelSignature {
  const graph = model.graph!;
  const weights = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((v) => !weights.has(v.name)).map((v) => tensorSignature(v, fileName));
  const outputs = (graph.output ?? []).map((v) => tensorSignature(v, fileName));
  return { inputs, outputs };
}

/** Metadata keys exporters use for class names. */
const LABEL_KEYS = ['labels', 'classes', 'class_names', 'classNames', 'names'];

/** Class labels from the model's metadata: a JSON array or object ({"0":"cat"}), or one name per line or comma. */
export function onnxLabels(model: ModelProto): string[] | null {
  for (const key of LABEL_KEYS) {
    const value = model.metadataProps?.find((p) => p.key === key)?.value;
    if (value) return parseLabels(value);
  }
  return null;
}

/** Labels from a text: a JSON array or index → name object, else one per line (or comma-separated on one line). */
export function parseLabels(text: string): string[] | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  try {
    const json: unknown = JSON.parse(trimmed);
    if (Array.isArray(json)) return json.map(String);
    if (json && typeof json === 'object')
      return Object.entries(json as Record<string, unknown>)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, v]) => String(v));
  } catch {
    // not JSON: plain text
  }
  const lines = trimmed.split(/\r?\n/).map((l) => l.trim());
  const names = lines.length > 1 ? lines : trimmed.split(',').map((l) => l.trim());
  return names.filter((n) => n.length > 0);
}
