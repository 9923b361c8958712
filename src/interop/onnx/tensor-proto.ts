// ONNX TensorProto ⇄ host values. Inside the interpreter every host value keeps its numbers in a Float64Array (int64
// shapes and indices fit in 2^53) plus its ONNX element kind; HostTensor is the typed form callers see.
import type { HostDType, HostTensor } from '../model.ts';
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';
import type { TensorProto } from './proto.ts';

/** Element kinds the importer runs. float16 and double are read as float32 (our kernels compute in f32). */
export type ElemKind = 'float32' | 'int32' | 'int64' | 'uint8' | 'int8' | 'bool';

/** A tensor held on the CPU by the interpreter: constants, shapes, indices, integer graph inputs. */
export interface HVal {
  type: ElemKind;
  shape: number[];
  data: Float64Array;
}

/** ONNX DataType numbers → the kind we hold them as (absent: a type we do not run). */
const KIND_OF: Record<number, ElemKind> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float32',
  11: 'float32',
};
const TYPE_NAMES: Record<number, string> = {
  0: 'undefined',
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};
/** The ONNX number of each kind, for encoding. */
export const ONNX_TYPE: Record<ElemKind, number> = { float32: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9 };

/** A readable name of an ONNX data type number. */
export const typeName = (t: number | null | undefined) => TYPE_NAMES[t ?? 0] ?? `type ${t}`;

/** The kind we hold an ONNX data type as; throws UnsupportedModelError naming `what` for types we do not run. */
export function kindOf(dataType: number | null | undefined, what: string): ElemKind {
  const k = KIND_OF[dataType ?? 0];
  if (!k)
    throw new UnsupportedModelError(
      `${what} has element type ${typeName(dataType)}, which the studio's engine does not run.`,
      [`dtype ${typeName(dataType)}`],
    );
  return k;
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Rounds a number to what a tensor of `type` can hold (f32 rounding, integer wrap-around, bool 0/1). */
export function coerce(type: ElemKind, v: number): number {
  switch (type) {
    case 'float32':
      return Math.fround(v);
    case 'bool':
      return v ? 1 : 0;
    case 'uint8':
      return Math.trunc(v) & 0xff;
    case 'int8':
      return (Math.trunc(v) << 24) >> 24;
    case 'int32':
      return Math.trunc(v) | 0;
    case 'int64':
      return Math.trunc(v);
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Bytes per element of raw_data for each supported ONNX type. */
const RAW_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8 };

function readRaw(raw: Uint8Array, dataType: number, n: number): Float64Array {
  const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (dataType) {
      case 1:
        out[i] = v.getFloat32(i * 4, true);
        break;
      case 2:
      case 9:
        out[i] = v.getUint8(i);
        break;
      case 3:
        out[i] = v.getInt8(i);
        break;
      case 6:
        out[i] = v.getInt32(i * 4, true);
        break;
      case 7:
        out[i] = Number(v.getBigInt64(i * 8, true));
        break;
      case 10:
        out[i] = halfToFloat(v.getUint16(i * 2, true));
        break;
      case 11:
        out[i] = Math.fround(v.getFloat64(i * 8, true));
        break;
    }
  }
  return out;
}

/**
 * Reads a TensorProto (initializer, Constant value, test data file). A type we do not run, a length that does not
 * match the dims, or external data are ModelFormatErrors naming the tensor.
 */
export function fromTensorProto(t: TensorProto, where = 'the model'): HVal {
  const name = `tensor '${t.name || '(unnamed)'}' in ${where}`;
  const dataType = t.dataType ?? 0;
  const type = KIND_OF[dataType];
  if (!type)
    throw new ModelFormatError(`${name} has element type ${typeName(dataType)}, which the studio cannot read.`);
  if (t.dataLocation === 1 || (t.externalData?.length ?? 0) > 0)
    throw new ModelFormatError(
      `${name} keeps its values in an external file; save the model with its weights inside the .onnx file (onnx.save_model(..., save_as_external_data=False)).`,
    );
  const shape = (t.dims ?? []).map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new ModelFormatError(`${name} has invalid dims [${shape.join(', ')}].`);
  const n = size(shape);
  let data: Float64Array;
  if (t.rawData && t.rawData.length > 0) {
    const want = n * RAW_BYTES[dataType];
    if (t.rawData.length !== want)
      throw new ModelFormatError(
        `${name} has ${t.rawData.length} bytes of raw data, but dims [${shape.join(', ')}] of ${typeName(dataType)} need ${want}.`,
      );
    data = readRaw(t.rawData, dataType, n);
  } else {
    const typed: ArrayLike<number> =
      dataType === 1
        ? (t.floatData ?? [])
        : dataType === 7
          ? (t.int64Data ?? []).map(Number)
          : dataType === 11
            ? (t.doubleData ?? []).map(Math.fround)
            : dataType === 10
              ? (t.int32Data ?? []).map(halfToFloat)
              : (t.int32Data ?? []);
    if (typed.length !== n)
      throw new ModelFormatError(`${name} holds ${typed.length} values, but dims [${shape.join(', ')}] need ${n}.`);
    data = Float64Array.from(typed);
  }
  if (type !== 'float32') for (let i = 0; i < n; i++) data[i] = coerce(type, data[i]);
  return { type, shape, data };
}

/** The dtype a kind is handed to callers as (int8 widens to int32: HostTensor has no int8). */
export const hostDType = (k: ElemKind): HostDType => (k === 'int8' ? 'int32' : k);

/** Converts an interpreter value to the HostTensor callers get. */
export function toHostTensor(v: HVal): HostTensor {
  const shape = [...v.shape];
  switch (hostDType(v.type)) {
    case 'float32':
      return { dtype: 'float32', shape, data: Float32Array.from(v.data) };
    case 'int32':
      return { dtype: 'int32', shape, data: Int32Array.from(v.data) };
    case 'int64':
      return { dtype: 'int64', shape, data: BigInt64Array.from(v.data, (x) => BigInt(Math.trunc(x))) };
    case 'uint8':
      return { dtype: 'uint8', shape, data: Uint8Array.from(v.data) };
    case 'bool':
      return { dtype: 'bool', shape, data: Uint8Array.from(v.data, (x) => (x ? 1 : 0)) };
  }
}

/** Reads a caller's HostTensor as an interpreter value of kind `type` (values converted, e.g. int64 → number). */
export function fromHostTensor(t: HostTensor, type: ElemKind): HVal {
  const data = new Float64Array(t.data.length);
  if (t.data instanceof BigInt64Array) for (let i = 0; i < data.length; i++) data[i] = Number(t.data[i]);
  else data.set(t.data);
  if (type !== 'float32') for (let i = 0; i < data.length; i++) data[i] = coerce(type, data[i]);
  return { type, shape: [...t.shape], data };
}

/** Encodes a HostTensor as a TensorProto with raw_data (tests, and writing models). */
export function toTensorProto(name: string, t: HostTensor): TensorProto {
  const dataType = ONNX_TYPE[t.dtype];
  let raw: Uint8Array;
  if (t.dtype === 'bool' || t.dtype === 'uint8') raw = new Uint8Array(t.data as Uint8Array);
  else raw = new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
  return { name, dims: [...t.shape], dataType, rawData: raw };
}

/** Builds a host value from numbers. */
export const hval = (type: ElemKind, shape: number[], values: ArrayLike<number>): HVal => ({
  type,
  shape,
  data: Float64Array.from(values),
});
