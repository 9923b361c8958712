// Node tests of the benchmark's pure helpers: the ONNX protobuf writer, the NHWC/NCHW shuffles used to
// give ORT the same inputs, and the output comparison of --check.
import { describe, expect, it } from 'vitest';
import { attentionGraph, encodeModel, matmulGraph, permuteArray } from './onnx.ts';
import { maxAbsDiff, randomValues, relativeDiff } from './harness.ts';

describe('encodeModel', () => {
  it('writes ir_version 8, the graph and opset 17 as protobuf fields', () => {
    const bytes = encodeModel(matmulGraph(2, 3, 4));
    expect([...bytes.slice(0, 2)]).toEqual([0x08, 0x08]); // field 1 (ir_version), varint 8
    const text = new TextDecoder('latin1').decode(bytes);
    for (const s of ['MatMul', 'studio-bench', 'A', 'B', 'Y']) expect(text).toContain(s);
    // opset_import { domain: "", version: 17 } is the last field: tag 0x42, length 4, then 0x0a 0x00 0x10 0x11.
    expect([...bytes.slice(-6)]).toEqual([0x42, 0x04, 0x0a, 0x00, 0x10, 0x11]);
  });

  it('stores initializers as raw float32 data', () => {
    const g = attentionGraph(1, 1, 2, 4, true);
    const bytes = encodeModel(g);
    const mask = new Uint8Array(new Float32Array([0, -1e9, 0, 0]).buffer);
    const hay = [...bytes].join(',');
    expect(hay).toContain([...mask].join(','));
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
