// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header length,
// a JSON header mapping tensor names to {dtype, shape, data_offsets} plus an optional "__metadata__"
// map of strings, then the raw little-endian tensor bytes. PyTorch and Hugging Face read it.
// Decoding validates everything and names the first problem; nothing is trusted from the file.
import { sizeOf } from '../../kernels/common/shape.mjs';

export type SafeDtype = 'F32' | 'I32' | 'U32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'U8' | 'I8' | 'BOOL';

export interface SafeTensor {
  dtype: SafeDtype;
  shape: number[];
  data: Uint8Array;
}

export class SafetensorsError extends Error {
  constructor(reason: string) {
    super(`Not a valid .safetensors file: ${reason}`);
    this.name = 'SafetensorsError';
  }
}

/** Bytes per element of each dtype. */
export const BYTES: Record<SafeDtype, number> = {
  F32: 4,
  I32: 4,
  U32: 4,
  F16: 2,
  BF16: 2,
  F64: 8,
  I64: 8,
  U8: 1,
  I8: 1,
  BOOL: 1,
};

/** Encodes tensors (in the given order) with string metadata. */
export function encodeSafetensors(
  tensors: Record<string, SafeTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  // A null-prototype map: a tensor named "__proto__" is written as a key, not taken as the object's prototype.
  const header: Record<string, unknown> = Object.create(null);
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = sizeOf(t.shape) * BYTES[t.dtype];
    if (bytes !== t.data.byteLength)
      throw new Error(`tensor ${name}: ${t.data.byteLength} bytes do not match ${t.dtype}[${t.shape.join(', ')}]`);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (allowed by the format).
  json += ' '.repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const t of Object.values(tensors)) {
    out.set(t.data, at);
    at += t.data.byteLength;
  }
  return out;
}

/** Decodes and validates a file: sizes, offsets (contiguous, in range, no overlap), dtypes and shapes. */
export function decodeSafetensors(buf: ArrayBuffer | Uint8Array): {
  tensors: Record<string, SafeTensor>;
  metadata: Record<string, string>;
} {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  if (bytes.byteLength < 8) throw new SafetensorsError('the file is shorter than its 8-byte header length');
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (n > bytes.byteLength - 8 || n > 100_000_000)
    throw new SafetensorsError(
      `the header claims ${n} bytes but the file has ${bytes.byteLength - 8} after the length (truncated?)`,
    );
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw new SafetensorsError('the header is not valid JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header))
    throw new SafetensorsError('the header is not a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.byteLength - dataStart;
  // Null-prototype maps: a tensor named "__proto__" (or "constructor") is just a name, not the object's prototype.
  const metadata: Record<string, string> = Object.create(null);
  const tensors: Record<string, SafeTensor> = Object.create(null);
  const ranges: [number, number, string][] = [];
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!v || typeof v !== 'object') throw new SafetensorsError('__metadata__ must be an object of strings');
      for (const [k, s] of Object.entries(v)) {
        if (typeof s !== 'string') throw new SafetensorsError(`metadata "${k}" is not a string`);
        metadata[k] = s;
      }
      continue;
    }
    const t = v as { dtype?: string; shape?: unknown; data_offsets?: unknown };
    if (!t || typeof t.dtype !== 'string' || !Object.hasOwn(BYTES, t.dtype))
      throw new SafetensorsError(`tensor "${name}" has an unknown dtype ${JSON.stringify(t?.dtype)}`);
    if (!Array.isArray(t.shape) || t.shape.some((d) => !Number.isInteger(d) || d < 0))
      throw new SafetensorsError(`tensor "${name}" has an invalid shape`);
    const off = t.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((o) => Number.isInteger(o) && o >= 0) || off[1] < off[0])
      throw new SafetensorsError(`tensor "${name}" has invalid data_offsets`);
    if (off[1] > dataLength)
      throw new SafetensorsError(
        `tensor "${name}" ends at byte ${off[1]} but only ${dataLength} data bytes exist (truncated?)`,
      );
    const expected = sizeOf(t.shape as number[]) * BYTES[t.dtype as SafeDtype];
    if (off[1] - off[0] !== expected)
      throw new SafetensorsError(
        `tensor "${name}" has ${off[1] - off[0]} bytes but ${t.dtype}[${(t.shape as number[]).join(', ')}] needs ${expected}`,
      );
    ranges.push([off[0], off[1], name]);
    tensors[name] = {
      dtype: t.dtype as SafeDtype,
      shape: t.shape as number[],
      data: bytes.slice(dataStart + off[0], dataStart + off[1]),
    };
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [s, e, name] of ranges) {
    if (s !== at)
      throw new SafetensorsError(
        `tensor "${name}" does not follow the previous tensor's bytes (gap or overlap at ${at})`,
      );
    at = e;
  }
  if (at !== dataLength)
    throw new SafetensorsError(`${dataLength - at} bytes after the last tensor are not described by the header`);
  return { tensors, metadata };
}
