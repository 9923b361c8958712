// The ONNX interpreter's pure parts, without a GPU: TensorProto reading, the whole-graph support check, constant
// folding, BatchNormalization folding, and shape arithmetic on host values (opset-dependent attribute forms).
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.ts';
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';
import { checkGraph } from './check.ts';
import { OnnxGraph } from './graph.ts';
import type { GraphProto, NodeProto, TensorProto } from './proto.ts';
import { fromTensorProto, hval, type HVal } from './tensor-proto.ts';
import { isHost, type Val } from './values.ts';

const noGpu = {} as Engine; // host-only graphs never touch the engine
const i64 = (name: string, v: number[], dims = [v.length]): TensorProto => ({ name, dims, dataType: 7, int64Data: v });
const f32 = (name: string, v: number[], dims = [v.length]): TensorProto => ({ name, dims, dataType: 1, floatData: v });
const node = (
  opType: string,
  input: string[],
  output: string[],
  attribute: NodeProto['attribute'] = [],
): NodeProto => ({
  opType,
  input,
  output,
  attribute,
});
const ints = (name: string, v: number[]) => ({ name, type: 7, ints: v });

function run(graph: GraphProto, opset: number, feeds: Record<string, HVal>, sig = 'a'): HVal[] {
  const g = new OnnxGraph(noGpu, graph, opset, 'test.onnx');
  const vals = new Map<string, Val>(Object.entries(feeds).map(([k, v]) => [k, { host: v }]));
  return g.run(vals, sig).map((v) => (isHost(v) ? v.host : expect.fail('value went to the GPU')));
}

describe('TensorProto reading', () => {
  it('reads raw little-endian data and the typed fields, converting float16 and double to f32', () => {
    const raw = new Uint8Array(new BigInt64Array([5n, -2n]).buffer);
    expect(Array.from(fromTensorProto({ name: 'a', dims: [2], dataType: 7, rawData: raw }).data)).toEqual([5, -2]);
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000]).buffer); // 1, -2
    expect(Array.from(fromTensorProto({ name: 'h', dims: [2], dataType: 10, rawData: half }).data)).toEqual([1, -2]);
    const d = fromTensorProto({ name: 'd', dims: [1], dataType: 11, doubleData: [0.1] });
    expect(d.type).toBe('float32');
    expect(d.data[0]).toBe(Math.fround(0.1));
    expect(fromTensorProto({ name: 'b', dims: [3], dataType: 9, int32Data: [0, 1, 1] }).type).toBe('bool');
  });

  it('names the tensor when its data does not fit its dims, its type is unknown, or it is external', () => {
    const bad = { name: 'conv.w', dims: [2, 2], dataType: 1, rawData: new Uint8Array(12) };
    expect(() => fromTensorProto(bad)).toThrow(/conv\.w.*12 bytes.*need 16/);
    expect(() => fromTensorProto({ name: 's', dims: [1], dataType: 8 })).toThrow(ModelFormatError);
    expect(() => fromTensorProto({ name: 'e', dims: [1], dataType: 1, dataLocation: 1 })).toThrow(/'e'.*external/);
  });
});

describe('whole-graph check before any GPU work', () => {
  it('lists every missing op type and unsupported attribute value at once', () => {
    const graph: GraphProto = {
      node: [
        node('LSTM', ['x'], ['a']),
        node('Resize', ['a', '', 's'], ['b'], [{ name: 'mode', type: 3, s: new TextEncoder().encode('cubic') }]),
        node('Conv', ['b', 'w'], ['c'], [ints('kernel_shape', [3, 3, 3])]),
        node('MaxPool', ['c'], ['d', 'idx'], [ints('kernel_shape', [2, 2])]),
        node('Relu', ['d'], ['y']),
      ],
    };
    try {
      checkGraph(graph, 13, 'm.onnx');
      expect.fail('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedModelError);
      expect((e as UnsupportedModelError).missing).toEqual([
        'LSTM',
        'Resize(mode=cubic)',
        'Conv (3-D)',
        'MaxPool(Indices output)',
      ]);
      expect((e as Error).message).toMatch(/m\.onnx.*LSTM.*onnxruntime-web/);
    }
  });
});

describe('constant folding and shape arithmetic on the host', () => {
  it('folds constant chains at load time, and Shape → Gather → Concat → Reshape at run time', () => {
    const graph: GraphProto = {
      initializer: [i64('zero', [0]), i64('minus1', [-1]), f32('k', [2]), i64('ax', [0])],
      node: [
        node('Constant', [], ['three'], [{ name: 'value', type: 4, t: f32('', [3], []) }]),
        node('Mul', ['k', 'three'], ['six']),
        node('Shape', ['x'], ['shape']),
        node('Gather', ['shape', 'zero'], ['batch']), // [2]
        node('Concat', ['batch', 'minus1'], ['target'], [{ name: 'axis', type: 2, i: 0 }]),
        node('Reshape', ['x', 'target'], ['flat']),
        node('Cast', ['flat'], ['y'], [{ name: 'to', type: 2, i: 1 }]),
        node('Add', ['y', 'six'], ['z']),
      ],
      output: [{ name: 'z' }, { name: 'target' }],
    };
    const g = new OnnxGraph(noGpu, graph, 13, 't.onnx');
    expect(g.nodes.map((n) => n.opType)).toEqual(['Shape', 'Gather', 'Concat', 'Reshape', 'Cast', 'Add']);
    expect(Array.from(g.consts.get('six')!.data)).toEqual([6]);
    const x = hval('int64', [2, 3, 2], [...Array(12).keys()]);
    const [z, target] = run(graph, 13, { x });
    expect(target.data).toEqual(Float64Array.from([2, -1]));
    expect(z.shape).toEqual([2, 6]);
    expect(z.type).toBe('float32');
    expect(z.data[11]).toBe(17);
  });

  it('reads Squeeze/Unsqueeze axes from the attribute before opset 13 and from the input after', () => {
    const x = hval('int64', [1, 3], [1, 2, 3]);
    const old: GraphProto = {
      node: [
        node('Unsqueeze', ['x'], ['u'], [ints('axes', [0, 3])]),
        node('Squeeze', ['u'], ['y'], [ints('axes', [0])]),
      ],
      output: [{ name: 'y' }],
    };
    expect(run(old, 11, { x })[0].shape).toEqual([1, 3, 1]);
    const now: GraphProto = {
      initializer: [i64('a', [0, 3]), i64('b', [-1])],
      node: [node('Unsqueeze', ['x', 'a'], ['u']), node('Squeeze', ['u', 'b'], ['y'])],
      output: [{ name: 'y' }],
    };
    expect(run(now, 13, { x })[0].shape).toEqual([1, 1, 3]);
  });

  it('handles Reshape 0 and -1, Slice with negative steps and Gather with negative indices', () => {
    const x = hval('int32', [2, 3], [0, 1, 2, 3, 4, 5]);
    const graph: GraphProto = {
      initializer: [
        i64('spec', [0, -1]),
        i64('st', [-1]),
        i64('en', [-10]),
        i64('ax', [1]),
        i64('step', [-2]),
        i64('ix', [-1, 0]),
      ],
      node: [
        node('Reshape', ['x', 'spec'], ['r']),
        node('Slice', ['r', 'st', 'en', 'ax', 'step'], ['s']),
        node('Gather', ['x', 'ix'], ['g'], [{ name: 'axis', type: 2, i: 1 }]),
      ],
      output: [{ name: 'r' }, { name: 's' }, { name: 'g' }],
    };
    const [r, s, g] = run(graph, 13, { x });
    expect(r.shape).toEqual([2, 3]);
    expect(Array.from(s.data)).toEqual([2, 0, 5, 3]);
    expect(Array.from(g.data)).toEqual([2, 0, 5, 3]);
  });

  it('divides integers toward zero and wraps int8 arithmetic', () => {
    const graph: GraphProto = {
      node: [node('Div', ['a', 'b'], ['q']), node('Add', ['c', 'c'], ['w'])],
      output: [{ name: 'q' }, { name: 'w' }],
    };
    const [q, w] = run(graph, 13, {
      a: hval('int32', [2], [-7, 7]),
      b: hval('int32', [2], [2, 2]),
      c: hval('int8', [1], [100]),
    });
    expect(Array.from(q.data)).toEqual([-3, 3]);
    expect(Array.from(w.data)).toEqual([-56]);
  });

  it('folds BatchNormalization into the Conv before it', () => {
    const graph: GraphProto = {
      initializer: [
        f32('w', [1, 2], [2, 1, 1, 1]),
        f32('g', [2, 3]),
        f32('b', [0.5, -1]),
        f32('m', [1, 2]),
        f32('v', [3, 8]),
      ],
      node: [
        node('Conv', ['x', 'w'], ['c'], [ints('kernel_shape', [1, 1])]),
        node('BatchNormalization', ['c', 'g', 'b', 'm', 'v'], ['y'], [{ name: 'epsilon', type: 1, f: 1 }]),
      ],
      output: [{ name: 'y' }],
    };
    const g = new OnnxGraph(noGpu, graph, 13, 'bn.onnx');
    expect(g.nodes.map((n) => n.opType)).toEqual(['Conv']);
    const [w, b] = g.nodes[0].input!.slice(1).map((n) => Array.from(g.consts.get(n)!.data));
    expect(w).toEqual([1, 2].map((v, i) => Math.fround(v * [2 / 2, 3 / 3][i])));
    expect(b).toEqual([Math.fround((0 - 1) * 1 + 0.5), Math.fround((0 - 2) * 1 - 1)]);
  });
});
