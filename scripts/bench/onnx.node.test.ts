// Node tests of the benchmark's pure helpers: the ONNX graphs it writes (read back with the shared codec), the
// NHWC/NCHW shuffles used to give ORT the same inputs, and the output comparison of --check.
import { describe, expect, it } from 'vitest';
import { attentionGraph, encodeModel, matmulGraph, permuteArray } from './onnx.ts';
import { maxAbsDiff, randomValues, relativeDiff } from './harness.ts';
import { decodeModel } from '../../src/interop/onnx/proto.ts';

describe('encodeModel', () => {
  it('writes ir_version 8, the graph and opset 17', () => {
    const bytes = encodeModel(matmulGraph(2, 3, 4));
    expect([...bytes.slice(0, 2)]).toEqual([0x08, 0x08]); // field 1 (ir_version), varint 8
    const model = decodeModel(bytes);
    expect(model.irVersion).toBe(8);
    expect(model.producerName).toBe('studio-bench');
    expect(model.opsetImport.map((o) => [o.domain, o.version])).toEqual([['', 17]]);
    expect(model.graph!.node!.map((n) => [n.opType, n.input, n.output])).toEqual([['MatMul', ['A', 'B'], ['Y']]]);
    const dims = model.graph!.input!.map((v) => v.type!.tensorType!.shape!.dim!.map((d) => d.dimValue));
    expect(dims).toEqual([
      [2, 3],
      [3, 4],
    ]);
  });

  it('stores initializers as raw float32 data and attributes with their types', () => {
    const model = decodeModel(encodeModel(attentionGraph(1, 1, 2, 4, true)));
    const mask = model.graph!.initializer!.find((t) => t.name === 'mask')!;
    expect(mask.dims).toEqual([2, 2]);
    expect(Array.from(new Float32Array(Uint8Array.from(mask.rawData!).buffer))).toEqual(
      [0, -1e9, 0, 0].map(Math.fround),
    );
    const perm = model.graph!.node!.find((n) => n.opType === 'Transpose')!.attribute![0];
    expect([perm.name, perm.ints]).toEqual(['perm', [0, 1, 3, 2]]);
  });
});

describe('permuteArray', () => {
  it('turns NHWC into NCHW and back', () => {
    const shape = [2, 3, 4, 5];
    const x = randomValues(120, 1);
    const nchw = permuteArray(x, shape, [0, 3, 1, 2]);
    // element (n=1, h=2, w=3, c=4) of NHWC is at (n=1, c=4, h=2, w=3) in NCHW
    expect(nchw[((1 * 5 + 4) * 3 + 2) * 4 + 3]).toBe(x[((1 * 3 + 2) * 4 + 3) * 5 + 4]);
    expect(permuteArray(nchw, [2, 5, 3, 4], [0, 2, 3, 1])).toEqual(x);
  });
});

describe('relativeDiff', () => {
  it('divides the largest difference by the reference scale, so near-zero entries do not decide', () => {
    expect(relativeDiff(new Float32Array([100, 0.001]), new Float32Array([100.01, 0.002]))).toBeCloseTo(1e-4, 6);
    expect(relativeDiff(new Float32Array([0, 0]), new Float32Array([0, 0]))).toBe(0);
    expect(relativeDiff(new Float32Array([0]), new Float32Array([1e-9]))).toBe(Infinity);
    expect(relativeDiff(new Float32Array([1]), new Float32Array([NaN]))).toBe(Infinity);
  });
});

describe('maxAbsDiff', () => {
  it('finds the largest difference and flags NaN or a length mismatch', () => {
    expect(maxAbsDiff(new Float32Array([1, 2, 3]), new Float32Array([1, 2.5, 2]))).toBe(1);
    expect(maxAbsDiff(new Float32Array([1]), new Float32Array([NaN]))).toBe(Infinity);
    expect(maxAbsDiff(new Float32Array([1]), new Float32Array([1, 2]))).toBe(Infinity);
  });
});
