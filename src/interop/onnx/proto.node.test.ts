// The generated ONNX codec: a written model reads back the same, and files that are not ONNX get a named error.
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, onnx } from './proto.ts';
import { ModelFormatError } from '../errors.ts';

const tiny: onnx.IModelProto = {
  irVersion: 8,
  opsetImport: [{ domain: '', version: 17 }],
  graph: {
    name: 'g',
    node: [{ opType: 'Relu', input: ['x'], output: ['y'], attribute: [{ name: 'k', type: 2, i: 3 }] }],
    initializer: [{ name: 'w', dims: [2, 3], dataType: 1, floatData: [1, 2, 3, 4, 5, 6] }],
    input: [
      { name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 4 }] } } } },
    ],
  },
};

describe('ONNX protobuf codec', () => {
  it('round-trips a model with int64 fields as numbers', () => {
    const m = decodeModel(encodeModel(tiny));
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport[0].version).toBe(17);
    expect(m.graph!.node![0].attribute![0].i).toBe(3);
    expect(m.graph!.initializer![0].dims).toEqual([2, 3]);
    expect(m.graph!.initializer![0].floatData).toEqual([1, 2, 3, 4, 5, 6]);
    expect(m.graph!.input![0].type!.tensorType!.shape!.dim![0].dimParam).toBe('batch');
  });

  it('names what is wrong with a file that is not ONNX', () => {
    expect(() => decodeModel(new Uint8Array(), 'a.onnx')).toThrow(/a\.onnx is empty/);
    expect(() => decodeModel(new TextEncoder().encode('{"format":"layers-model"}'), 'model.onnx')).toThrow(
      ModelFormatError,
    );
    const bytes = encodeModel(tiny);
    expect(() => decodeModel(bytes.subarray(0, bytes.length - 7), 'cut.onnx')).toThrow(/cut\.onnx.*truncated/);
  });
});
