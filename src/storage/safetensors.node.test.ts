// The safetensors codec: byte-exact layout per the format, round trips, and refusal of damaged files.
import { describe, expect, test } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors.ts';

const f32 = (v: number[]) => new Uint8Array(Float32Array.from(v).buffer);

describe('safetensors', () => {
  test('layout: u64 header length, JSON header with offsets and metadata, aligned data', () => {
    const file = encodeSafetensors(
      {
        'a.kernel': { dtype: 'F32', shape: [2, 2], data: f32([1, 2, 3, 4]) },
        b: { dtype: 'I32', shape: [1], data: new Uint8Array(Int32Array.from([7]).buffer) },
      },
      { spec: '{}' },
    );
    const n = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + n)));
    expect(header['a.kernel']).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(header.b).toEqual({ dtype: 'I32', shape: [1], data_offsets: [16, 20] });
    expect(header.__metadata__).toEqual({ spec: '{}' });
    expect(Array.from(new Float32Array(file.buffer.slice(8 + n, 8 + n + 16)))).toEqual([1, 2, 3, 4]);
    const back = decodeSafetensors(file);
    expect(Array.from(new Float32Array(back.tensors['a.kernel'].data.buffer))).toEqual([1, 2, 3, 4]);
    expect(back.metadata.spec).toBe('{}');
  });

  test('a hand-written file in the reference layout decodes', () => {
    const json = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}';
    const head = new TextEncoder().encode(json);
    const file = new Uint8Array(8 + head.length + 8);
    new DataView(file.buffer).setBigUint64(0, BigInt(head.length), true);
    file.set(head, 8);
    file.set(f32([0.5, -2]), 8 + head.length);
    expect(Array.from(new Float32Array(decodeSafetensors(file).tensors.w.data.buffer))).toEqual([0.5, -2]);
  });

  const good = encodeSafetensors({ w: { dtype: 'F32', shape: [3], data: f32([1, 2, 3]) } });
  test.each([
    ['truncated data', good.slice(0, good.length - 4), /ends at byte 12 but only 8/],
    ['truncated header', good.slice(0, 20), /header claims/],
    ['too short', good.slice(0, 4), /shorter than/],
    ['garbage', new TextEncoder().encode('this is not a checkpoint at all!'), /header claims|not valid JSON/],
    ['trailing bytes', new Uint8Array([...good, 1, 2, 3, 4]), /not described by the header/],
  ])('%s is refused', (_n, file, msg) => {
    expect(() => decodeSafetensors(file as Uint8Array)).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(file as Uint8Array)).toThrow(msg as RegExp);
  });

  test('a shape that does not match its bytes is refused', () => {
    const json = '{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}';
    const head = new TextEncoder().encode(json);
    const file = new Uint8Array(8 + head.length + 8);
    new DataView(file.buffer).setBigUint64(0, BigInt(head.length), true);
    file.set(head, 8);
    expect(() => decodeSafetensors(file)).toThrow(/needs 12/);
  });

  /** A file written by hand from a JSON header and data bytes. */
  const handWritten = (json: string, data: Uint8Array) => {
    const head = new TextEncoder().encode(json);
    const file = new Uint8Array(8 + head.length + data.length);
    new DataView(file.buffer).setBigUint64(0, BigInt(head.length), true);
    file.set(head, 8);
    file.set(data, 8 + head.length);
    return file;
  };

  test('a tensor named __proto__ or constructor is a tensor like any other, not the prototype', () => {
    const json =
      '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}';
    const back = decodeSafetensors(handWritten(json, f32([3, 4])));
    expect(Object.keys(back.tensors).sort()).toEqual(['__proto__', 'constructor']);
    expect(Array.from(new Float32Array(back.tensors['__proto__'].data.buffer))).toEqual([3]);
    expect(Object.getPrototypeOf(back.tensors)).toBe(null);
  });

  test('a dtype that is only an inherited property name (toString) is refused', () => {
    const json = '{"w":{"dtype":"toString","shape":[1],"data_offsets":[0,4]}}';
    expect(() => decodeSafetensors(handWritten(json, f32([1])))).toThrow(/unknown dtype "toString"/);
  });
});
