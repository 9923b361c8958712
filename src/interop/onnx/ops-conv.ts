// ONNX Conv, ConvTranspose, BatchNormalization and the pools onto the engine's NHWC kernels. Results stay NHWC
// (tagged), so Conv → BN → Relu → Conv chains never permute; OIHW weights are rearranged once on the host and cached.
import type { Tensor } from '../../engine/tensor.ts';
import * as E from '../../engine/ops/api.ts';
import { UnsupportedModelError } from '../errors.ts';
import { mapN, transposeH } from './host-ops.ts';
import type { HVal } from './tensor-proto.ts';
import { broadcastDev } from './ops-elementwise.ts';
import { isHost, shapeOf, type Attrs, type Ctx, type OpFn, type Val } from './values.ts';

type Pads = [number, number, number, number]; // top, bottom, left, right (the engine's order)

function spatialOnly(op: string, x: Val, a: Attrs) {
  const rank = shapeOf(x).length;
  const k = a.ints('kernel_shape');
  if (rank !== 4 || (k && k.length !== 2))
    throw new UnsupportedModelError(
      `${op}: only 2-D (NCHW) ${op} runs on the studio's engine; this one is ${k ? k.length : rank - 2}-D.`,
      [`${op} (${k ? k.length : rank - 2}-D)`],
    );
}

/** Padding of one spatial axis from ONNX's auto_pad / pads, for a window of effective size `k` and stride `s`. */
function padsOf(a: Attrs, op: string, inHW: number[], kEff: number[], s: number[]): Pads {
  const mode = a.s('auto_pad', 'NOTSET');
  if (mode === 'NOTSET') {
    const p = a.ints('pads') ?? [0, 0, 0, 0];
    return [p[0], p[2], p[1], p[3]];
  }
  if (mode === 'VALID') return [0, 0, 0, 0];
  if (mode !== 'SAME_UPPER' && mode !== 'SAME_LOWER')
    throw new UnsupportedModelError(`${op}: auto_pad '${mode}' is not an ONNX padding mode.`, [
      `${op}(auto_pad=${mode})`,
    ]);
  const out: number[] = [];
  [0, 1].forEach((i) => {
    const total = Math.max(0, (Math.ceil(inHW[i] / s[i]) - 1) * s[i] + kEff[i] - inHW[i]);
    const small = Math.floor(total / 2);
    out.push(...(mode === 'SAME_UPPER' ? [small, total - small] : [total - small, small]));
  });
  return out as Pads;
}

/** The HWIO filter for an OIHW weight (host: rearranged once and cached; GPU: permuted). */
function filterOf(c: Ctx, w: Val): Tensor {
  if (!isHost(w)) return E.permute(c.dev(w), [2, 3, 1, 0]);
  return c.dev({ host: c.derived(w.host, 'hwio', () => transposeH(w.host, [2, 3, 1, 0])) });
}

const conv: OpFn = (c, a, [x, w, b]) => {
  spatialOnly('Conv', x!, a);
  const ws = shapeOf(w!);
  const s = a.ints('strides') ?? [1, 1];
  const d = a.ints('dilations') ?? [1, 1];
  const hw = shapeOf(x!).slice(2);
  const pad = padsOf(
    a,
    'Conv',
    hw,
    [0, 1].map((i) => (ws[2 + i] - 1) * d[i] + 1),
    s,
  );
  const y = E.conv2d(c.nhwc(x!), filterOf(c, w!), {
    strides: [s[0], s[1]],
    dilations: [d[0], d[1]],
    padding: pad,
    groups: a.i('group', 1),
    bias: b ? c.dev(b) : undefined,
    // A Relu after this Conv was fused into it at load time (graph.ts).
    activation: a.i('studio.fused_relu', 0) === 1 ? 'relu' : 'none',
  });
  return [c.out(y, 'float32', true)];
};

/** ConvTranspose onto the engine's convTranspose2d (weight [Cin, Cout/g, KH, KW] → [KH, KW, Cout/g, Cin]). */
const convTranspose: OpFn = (c, a, [x, w, b]) => {
  spatialOnly('ConvTranspose', x!, a);
  const [, , h, wd] = shapeOf(x!);
  const ws = shapeOf(w!);
  const s = a.ints('strides') ?? [1, 1];
  const d = a.ints('dilations') ?? [1, 1];
  const op = [...(a.ints('output_padding') ?? [0, 0])];
  const kEff = [ws[2], ws[3]].map((v, i) => (v - 1) * d[i] + 1);
  const inHW = [h, wd];
  let pads: number[]; // ONNX order: [top, left, bottom, right]
  const outShape = a.ints('output_shape');
  const mode = a.s('auto_pad', 'NOTSET');
  if (outShape || mode === 'SAME_UPPER' || mode === 'SAME_LOWER') {
    const target = outShape ? outShape.slice(-2) : inHW.map((v, i) => v * s[i]);
    const total = [0, 1].map((i) => s[i] * (inHW[i] - 1) + op[i] + kEff[i] - target[i]);
    const lower = mode === 'SAME_LOWER';
    const begin = total.map((t) => (t <= 0 ? 0 : lower ? t - Math.floor(t / 2) : Math.floor(t / 2)));
    pads = [begin[0], begin[1], total[0] - begin[0], total[1] - begin[1]];
  } else pads = mode === 'VALID' ? [0, 0, 0, 0] : (a.ints('pads') ?? [0, 0, 0, 0]);
  // A negative end padding (output_shape beyond the natural size) is extra output padding.
  [0, 1].forEach((i) => {
    if (pads[i + 2] < 0) {
      op[i] -= pads[i + 2];
      pads[i + 2] = 0;
    }
  });
  const filt = isHost(w!)
    ? c.dev({ host: c.derived(w!.host, 'hwoi', () => transposeH(w!.host, [2, 3, 1, 0])) })
    : E.permute(c.dev(w!), [2, 3, 1, 0]);
  const y = E.convTranspose2d(c.nhwc(x!), filt, {
    strides: [s[0], s[1]],
    dilations: [d[0], d[1]],
    padding: [pads[0], pads[2], pads[1], pads[3]],
    outputPadding: [op[0], op[1]],
    groups: a.i('group', 1),
    bias: b ? c.dev(b) : undefined,
  });
  return [c.out(y, 'float32', true)];
};

const batchNorm: OpFn = (c, a, [x, scale, bias, mean, variance]) => {
  if (a.i('training_mode', 0) === 1)
    throw new UnsupportedModelError('BatchNormalization: training_mode=1 is not run; export the model for inference.', [
      'BatchNormalization(training_mode=1)',
    ]);
  const eps = a.f('epsilon', 1e-5);
  const rank = shapeOf(x!).length;
  const bshape = (ch: number) => [ch, ...Array(Math.max(0, rank - 2)).fill(1)];
  const params = [scale!, bias!, mean!, variance!];
  let mul: Val;
  let add: Val;
  if (params.every(isHost)) {
    const [g, bt, m, v] = params.map((p) => (p as { host: HVal }).host);
    const ch = g.shape[0];
    const sc = c.derived(g, `bn-scale-${eps}-${rank}`, () => ({
      ...mapN('BatchNormalization', 'float32', [g, v], (p, q) => p / Math.sqrt(q + eps)),
      shape: bshape(ch),
    }));
    const sh = c.derived(bt, `bn-shift-${eps}-${rank}`, () => ({
      ...mapN('BatchNormalization', 'float32', [bt, m, { ...sc, shape: [ch] }], (p, q, r) => p - q * r),
      shape: bshape(ch),
    }));
    mul = { host: sc };
    add = { host: sh };
  } else {
    const [g, bt, m, v] = params.map((p) => c.dev(p));
    const ch = g.shape[0];
    const sc = E.mul(g, E.rsqrt(E.add(v, eps)));
    mul = { dev: E.reshape(sc, bshape(ch)), type: 'float32', nhwc: false };
    add = { dev: E.reshape(E.sub(bt, E.mul(m, sc)), bshape(ch)), type: 'float32', nhwc: false };
  }
  return [broadcastDev(c, [x!, mul, add], (p, q, r) => E.add(E.mul(p, q), r), 'float32')];
};

function pool(kind: 'max' | 'avg'): OpFn {
  const op = kind === 'max' ? 'MaxPool' : 'AveragePool';
  return (c, a, [x], nOut) => {
    spatialOnly(op, x!, a);
    if (nOut > 1)
      throw new UnsupportedModelError('MaxPool: the Indices output is not supported.', ['MaxPool(Indices output)']);
    const dil = a.ints('dilations') ?? [1, 1];
    const k = a.ints('kernel_shape')!;
    const s = a.ints('strides') ?? [1, 1];
    const inHW = shapeOf(x!).slice(2);
    const pad = padsOf(
      a,
      op,
      inHW,
      [0, 1].map((i) => (k[i] - 1) * dil[i] + 1),
      s,
    );
    const o = {
      size: [k[0], k[1]] as [number, number],
      strides: [s[0], s[1]] as [number, number],
      dilations: [dil[0], dil[1]] as [number, number],
      padding: pad,
      ceilMode: a.i('ceil_mode', 0) === 1,
      countIncludePad: a.i('count_include_pad', 0) === 1,
    };
    const t = c.nhwc(x!);
    return [c.out(kind === 'max' ? E.maxPool2d(t, o) : E.avgPool2d(t, o), 'float32', true)];
  };
}

function globalPool(kind: 'mean' | 'max'): OpFn {
  return (c, _a, [x]) => {
    const rank = shapeOf(x!).length;
    if (rank === 4 && !isHost(x!) && x!.nhwc) return [c.out(E[kind](x!.dev, [1, 2], true), 'float32', true)];
    return [
      c.out(
        E[kind](
          c.dev(x!),
          [...Array(rank - 2).keys()].map((i) => i + 2),
          true,
        ),
        'float32',
      ),
    ];
  };
}

/**
 * Runs a 1-D conv or pool (NCL) as the 2-D one over [N, C, 1, L]: a height of 1, every spatial attribute given a
 * leading entry (kernel 1, stride 1, no padding).
 */
function lift1d(f: OpFn): OpFn {
  return (c, a, ins, nOut) => {
    const [x, w, ...rest] = ins;
    if (shapeOf(x!).length !== 3) return f(c, a, ins, nOut);
    const up = (v: Val | undefined) => {
      if (!v) return v;
      const s = shapeOf(v);
      const to = [...s.slice(0, 2), 1, ...s.slice(2)];
      return isHost(v)
        ? { host: { ...v.host, shape: to } }
        : { dev: E.reshape(c.dev(v), to), type: v.type, nhwc: false };
    };
    const pre = (name: string, v: number) => a.ints(name) && [v, ...a.ints(name)!];
    const p = a.ints('pads');
    const lifted = a.withInts({
      kernel_shape: pre('kernel_shape', 1),
      strides: pre('strides', 1),
      dilations: pre('dilations', 1),
      output_padding: pre('output_padding', 0),
      output_shape: pre('output_shape', 1),
      pads: p && [0, p[0], 0, p[1]],
    });
    const weightIsSpatial = w && shapeOf(w).length === 3;
    const outs = f(c, lifted, [up(x), weightIsSpatial ? up(w) : w, ...rest], nOut);
    return outs.map((o) => {
      const s = shapeOf(o);
      return { dev: E.reshape(c.dev(o), [s[0], s[1], s[3]]), type: 'float32' as const, nhwc: false };
    });
  };
}

/** Convolution and pooling op table. */
export const CONV_OPS: Record<string, OpFn> = {
  Conv: lift1d(conv),
  ConvTranspose: lift1d(convTranspose),
  BatchNormalization: batchNorm,
  MaxPool: lift1d(pool('max')),
  AveragePool: lift1d(pool('avg')),
  GlobalAveragePool: globalPool('mean'),
  GlobalMaxPool: globalPool('max'),
};
