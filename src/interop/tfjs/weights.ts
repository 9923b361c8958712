// Reading the weight shards of a TF.js layers model: each manifest group's files concatenated in order, its weights
// laid end to end (float32/int32, or quantized uint8/uint16/float16 with a scale and minimum), as floats by name.
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';
import { shardName, type WeightEntry, type WeightGroup } from './model-json.ts';

export interface HostWeight {
  shape: number[];
  data: Float32Array;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Bytes per stored element of a weight (its quantized dtype when it has one). */
function storedBytes(w: WeightEntry): number {
  const d = w.quantization?.dtype ?? w.dtype;
  if (d === 'float32' || d === 'int32') return 4;
  if (d === 'uint16' || d === 'float16') return 2;
  if (d === 'uint8') return 1;
  throw new UnsupportedModelError(
    `The weight "${w.name}" is stored as ${d}; only float32, int32 and uint8/uint16/float16 quantization can be imported.`,
    [d],
  );
}

/** IEEE half precision to float (sign, 5-bit exponent, 10-bit fraction). */
function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function decode(w: WeightEntry, bytes: Uint8Array): Float32Array {
  const n = size(w.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(n);
  const q = w.quantization;
  if (!q) {
    if (w.dtype === 'int32') for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i, true);
    else for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
    return out;
  }
  if (q.dtype === 'float16') {
    for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
    return out;
  }
  if (typeof q.scale !== 'number' || typeof q.min !== 'number')
    throw new ModelFormatError(`The quantized weight "${w.name}" lacks its scale or min.`);
  for (let i = 0; i < n; i++) {
    const v = q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(2 * i, true);
    out[i] = v * q.scale + q.min;
  }
  return out;
}

/**
 * Every weight of the manifest as floats, by name. A shard missing from `shards`, a shard of the wrong length or a
 * dtype we cannot read is an error that names the file or weight.
 */
export function readWeights(manifest: WeightGroup[], shards: Map<string, ArrayBuffer>): Map<string, HostWeight> {
  const out = new Map<string, HostWeight>();
  for (const group of manifest) {
    const parts = group.paths.map((p) => {
      const bytes = shards.get(shardName(p));
      if (!bytes)
        throw new ModelFormatError(
          `model.json needs the weight file "${shardName(p)}", which is not among the chosen files; choose it with model.json.`,
        );
      return new Uint8Array(bytes);
    });
    const total = parts.reduce((a, p) => a + p.byteLength, 0);
    const joined = new Uint8Array(total);
    parts.reduce((at, p) => (joined.set(p, at), at + p.byteLength), 0);
    let at = 0;
    for (const w of group.weights) {
      if (w.shape.some((d) => !Number.isInteger(d) || d < 0))
        throw new ModelFormatError(`The weight "${w.name}" has an invalid shape [${w.shape.join(', ')}].`);
      const len = size(w.shape) * storedBytes(w);
      if (at + len > total)
        throw new ModelFormatError(
          `The weight files ${group.paths.map(shardName).join(', ')} hold ${total} bytes but the manifest needs more (they end inside "${w.name}"); the files are truncated or belong to another model.`,
        );
      out.set(w.name, { shape: w.shape, data: decode(w, joined.subarray(at, at + len)) });
      at += len;
    }
    if (at !== total)
      throw new ModelFormatError(
        `The weight files ${group.paths.map(shardName).join(', ')} hold ${total} bytes but the manifest describes ${at}; they belong to another model.`,
      );
  }
  return out;
}
