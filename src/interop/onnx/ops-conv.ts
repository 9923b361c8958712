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
function filterOf(c: Ctx, w: Val, flip = false): Tensor {
  if (!isHost(w)) {
    if (!flip) return E.permute(c.dev(w), [2, 3, 1, 0]);
    // [Cin, Cout/g, KH, KW] → reversed KH and KW → [KH, KW, Cin, Cout/g].
    const t = c.dev(w);
    const rev = (n: number) =>
      c.engine.tensor(
        Int32Array.from({ length: n }, (_, i) => n - 1 - i),
        [n],
        'i32',
      );
    return E.permute(E.gather(E.gather(t, rev(t.shape[2]), 2), rev(t.shape[3]), 3), [2, 3, 0, 1]);
  }
  const make = () => (flip ? flipTranspose(w.host) : transposeH(w.host, [2, 3, 1, 0]));
  return c.dev({ host: c.derived(w.host, flip ? 'hwio-flip' : 'hwio', make) });
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
  });
  return [c.out(y, 'float32', true)];
};

/** ConvTranspose's weight [Cin, Cout/g, KH, KW] as the HWIO filter of the equivalent stride-1 conv (flipped). */
function flipTranspose(w: HVal): HVal {
  const [ci, co, kh, kw] = w.shape;
  const out = new Float64Array(w.data.length);
  for (let i = 0; i < ci; i++)
    for (let o = 0; o < co; o++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++)
          out[((y * kw + x) * ci + i) * co + o] = w.data[((i * co + o) * kh + (kh - 1 - y)) * kw + (kw - 1 - x)];
  return { type: w.type, shape: [kh, kw, ci, co], data: out };
}

/**
 * ConvTranspose, composed until the engine has its own op (branch onnx-kernels adds convTranspose2d): the input is
 * spread out by the stride (zeros between pixels), padded by dilation·(k−1) − pad, and convolved with the flipped
 * kernel. Groups are run one by one (the flipped filter mixes input and output channel roles).
 */
const convTranspose: OpFn = (c, a, [x, w, b]) => {
  spatialOnly('ConvTranspose', x!, a);
  const [n, cin, h, wd] = shapeOf(x!);
  const ws = shapeOf(w!);
  const g = a.i('group', 1);
  const s = a.ints('strides') ?? [1, 1];
  const d = a.ints('dilations') ?? [1, 1];
  const op = a.ints('output_padding') ?? [0, 0];
  const k = [ws[2], ws[3]];
  const kEff = k.map((v, i) => (v - 1) * d[i] + 1);
  const inHW = [h, wd];
  let pads: number[]; // [top, left, bottom, right] as ONNX
  const outShape = a.ints('output_shape');
  const mode = a.s('auto_pad', 'NOTSET');
  if (outShape || mode === 'SAME_UPPER' || mode === 'SAME_LOWER') {
    const target = outShape ? outShape.slice(-2) : inHW.map((v, i) => v * s[i]);
    // A negative total (output_shape larger than the natural size) grows the end, as output_padding would.
    const total = [0, 1].map((i) => s[i] * (inHW[i] - 1) + op[i] + kEff[i] - target[i]);
    const lower = mode === 'SAME_LOWER';
    const begin = total.map((t) => (t <= 0 ? 0 : lower ? t - Math.floor(t / 2) : Math.floor(t / 2)));
    pads = [begin[0], begin[1], total[0] - begin[0], total[1] - begin[1]];
  } else pads = mode === 'VALID' ? [0, 0, 0, 0] : (a.ints('pads') ?? [0, 0, 0, 0]);
  let t = c.nhwc(x!);
  // Spread: [N,H,W,C] → [N,H,1,W,1,C] → zero-pad to [N,H,s,W,s,C] → [N,H·s,W·s,C] → drop the trailing s−1.
  if (s[0] > 1 || s[1] > 1) {
    t = E.reshape(t, [n, h, 1, wd, 1, cin]);
    t = E.pad(t, [
      [0, 0],
      [0, 0],
      [0, s[0] - 1],
      [0, 0],
      [0, s[1] - 1],
      [0, 0],
    ]);
    t = E.reshape(t, [n, h * s[0], wd * s[1], cin]);
    t = E.slice(t, [0, 0, 0, 0], [n, (h - 1) * s[0] + 1, (wd - 1) * s[1] + 1, cin]);
  }
  const before = [0, 1].map((i) => kEff[i] - 1 - pads[i]);
  const after = [0, 1].map((i) => kEff[i] - 1 - pads[i + 2] + op[i]);
  const grow = (v: number) => Math.max(0, v);
  t = E.pad(t, [
    [0, 0],
    [grow(before[0]), grow(after[0])],
    [grow(before[1]), grow(after[1])],
    [0, 0],
  ]);
  const crop = [0, 1].map((i) => grow(-before[i]));
  const filt = filterOf(c, w!, true); // [KH, KW, Cin, Cout/g]
  const cg = cin / g;
  const parts: Tensor[] = [];
  for (let gi = 0; gi < g; gi++) {
    const xin = g === 1 ? t : E.slice(t, [0, 0, 0, gi * cg], [-1, -1, -1, cg]);
    const f = g === 1 ? filt : E.slice(filt, [0, 0, gi * cg, 0], [-1, -1, cg, -1]);
    parts.push(E.conv2d(xin, f, { dilations: [d[0], d[1]] }));
  }
  let y = parts.length === 1 ? parts[0] : E.concat(parts, 3);
  const oh = s[0] * (h - 1) + op[0] + kEff[0] - pads[0] - pads[2];
  const ow = s[1] * (wd - 1) + op[1] + kEff[1] - pads[1] - pads[3];
  if (crop[0] || crop[1] || y.shape[1] !== oh || y.shape[2] !== ow)
    y = E.slice(y, [0, crop[0], crop[1], 0], [-1, oh, ow, -1]);
  if (b) y = E.add(y, c.dev(b));
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
      ...mapN(
        'BatchNormalization',
        'float32',
        [bt, m, sc.data.length ? { ...sc, shape: [ch] } : sc],
        (p, q, r) => p - q * r,
      ),
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
    if (dil.some((v) => v !== 1))
      throw new UnsupportedModelError(
        `${op}: dilations [${dil.join(', ')}] are not supported yet (the engine's pool has no dilation).`,
        [`${op}(dilations)`],
      );
    const k = a.ints('kernel_shape')!;
    const s = a.ints('strides') ?? [1, 1];
    const inHW = shapeOf(x!).slice(2);
    const p = padsOf(a, op, inHW, k, s);
    const ceil = a.i('ceil_mode', 0) === 1;
    // The output size ONNX asks for; extra end padding (never counted, never the max) makes the engine produce it.
    const extra = [0, 1].map((i) => {
      const span = inHW[i] + p[2 * i] + p[2 * i + 1] - k[i];
      let out = (ceil ? Math.ceil(span / s[i]) : Math.floor(span / s[i])) + 1;
      if (ceil && (out - 1) * s[i] >= inHW[i] + p[2 * i]) out--;
      return Math.max(0, (out - 1) * s[i] + k[i] - (inHW[i] + p[2 * i] + p[2 * i + 1]));
    });
    let t = c.nhwc(x!);
    let pads: Pads = [p[0], p[1] + extra[0], p[2], p[3] + extra[1]];
    if (kind === 'avg' && a.i('count_include_pad', 0) === 1 && p.some((v) => v > 0)) {
      t = E.pad(t, [
        [0, 0],
        [p[0], p[1]],
        [p[2], p[3]],
        [0, 0],
      ]);
      pads = [0, extra[0], 0, extra[1]];
    }
    const o = { size: [k[0], k[1]] as [number, number], strides: [s[0], s[1]] as [number, number], padding: pads };
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
