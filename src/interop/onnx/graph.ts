// The ONNX graph interpreter: load-time rewrites (BatchNormalization folded into Conv, constant folding), then one run
// per call that keeps shape arithmetic on the host (cached per input-shape signature) and the data on the GPU.
import type { Engine } from '../../engine/engine.ts';
import type { Tensor } from '../../engine/tensor.ts';
import { ModelFormatError } from '../errors.ts';
import { OPS } from './check.ts';
import type { GraphProto, NodeProto } from './proto.ts';
import { fromTensorProto, type HVal } from './tensor-proto.ts';
import { Attrs, Ctx, isHost, type Val } from './values.ts';

/** Ops whose all-host evaluation stays on the host (safe to fold at load time without a GPU). */
const HOST_SAFE = new Set([
  ...'Relu LeakyRelu Sigmoid Tanh Sqrt Exp Log Neg Abs Reciprocal Erf Gelu HardSigmoid HardSwish'.split(' '),
  ...'Add Sub Mul Div Pow Max Min Sum Mean Equal Less Greater LessOrEqual GreaterOrEqual Clip Where Cast'.split(' '),
  ...'Identity Dropout Shape Reshape Flatten Transpose Concat Slice Squeeze Unsqueeze Gather Expand'.split(' '),
  ...'Constant ConstantOfShape ReduceSum ReduceMean ReduceMax ReduceMin'.split(' '),
]);

/** Statistics of the last run per op type. */
export interface OpStat {
  count: number;
  ms: number;
}

/**
 * Folds BatchNormalization into the Conv that feeds it (both with constant parameters, the Conv output used only by
 * the BN): W' = W·s per output channel, B' = (B − mean)·s + beta with s = gamma / sqrt(var + eps).
 */
export function foldBatchNorm(nodes: NodeProto[], consts: Map<string, HVal>, outputs: Set<string>): NodeProto[] {
  const uses = new Map<string, number>();
  for (const n of nodes) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((o) => producer.set(o, i)));
  const drop = new Set<number>();
  const out = [...nodes];
  nodes.forEach((bn, bi) => {
    if (bn.opType !== 'BatchNormalization' || (bn.output ?? []).filter(Boolean).length > 1) return;
    const src = bn.input![0];
    const ci = producer.get(src);
    const conv = ci === undefined ? undefined : out[ci];
    if (!conv || conv.opType !== 'Conv' || uses.get(src) !== 1 || outputs.has(src)) return;
    const a = new Attrs(bn);
    if (a.i('training_mode', 0) === 1) return;
    const w = consts.get(conv.input![1]);
    const b = conv.input![2] ? consts.get(conv.input![2]) : undefined;
    const p = bn.input!.slice(1, 5).map((n) => consts.get(n));
    if (!w || (conv.input![2] && !b) || p.some((v) => !v) || w.shape.length !== 4) return;
    const [g, beta, mean, vr] = p as HVal[];
    const m = w.shape[0];
    if ([g, beta, mean, vr].some((v) => v.data.length !== m)) return;
    const eps = a.f('epsilon', 1e-5);
    const s = g.data.map((gv, i) => gv / Math.sqrt(vr.data[i] + eps));
    const per = w.data.length / m;
    const nw = w.data.map((v, i) => Math.fround(v * s[Math.floor(i / per)]));
    const nb = s.map((sv, i) => Math.fround(((b?.data[i] ?? 0) - mean.data[i]) * sv + beta.data[i]));
    const wn = `${bn.output![0]}::folded_W`;
    const bname = `${bn.output![0]}::folded_B`;
    consts.set(wn, { type: 'float32', shape: w.shape, data: nw });
    consts.set(bname, { type: 'float32', shape: [m], data: nb });
    out[ci!] = { ...conv, input: [conv.input![0], wn, bname], output: [bn.output![0]] };
    drop.add(bi);
  });
  return out.filter((_, i) => !drop.has(i));
}

/** The internal attribute that carries a Relu fused into the Conv before it. */
export const FUSED_RELU = 'studio.fused_relu';

/** Fuses a Relu into the Conv that feeds only it (the conv kernel applies it in its epilogue: one pass less). */
export function fuseConvRelu(nodes: NodeProto[], outputs: Set<string>): NodeProto[] {
  const uses = new Map<string, number>();
  for (const n of nodes) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  const byOutput = new Map<string, number>();
  nodes.forEach((n, i) => (n.output ?? []).forEach((o) => byOutput.set(o, i)));
  const out = [...nodes];
  const drop = new Set<number>();
  nodes.forEach((relu, ri) => {
    if (relu.opType !== 'Relu') return;
    const src = relu.input![0];
    const ci = byOutput.get(src);
    if (ci === undefined || out[ci].opType !== 'Conv' || uses.get(src) !== 1 || outputs.has(src)) return;
    const attribute = [...(out[ci].attribute ?? []), { name: FUSED_RELU, type: 2, i: 1 }];
    out[ci] = { ...out[ci], output: [relu.output![0]], attribute };
    drop.add(ri);
  });
  return out.filter((_, i) => !drop.has(i));
}

/** A compiled graph: constants, nodes, and the bookkeeping one run needs. */
export class OnnxGraph {
  readonly consts = new Map<string, HVal>();
  readonly nodes: NodeProto[];
  readonly stats = new Map<string, OpStat>();
  private readonly ctx: Ctx;
  private readonly constSet = new WeakSet<HVal>();
  private readonly shapeCache = new Map<string, Map<string, HVal>>();
  private readonly outputNames: string[];

  constructor(
    readonly engine: Engine,
    graph: GraphProto,
    readonly opset: number,
    private readonly fileName: string,
  ) {
    for (const t of graph.initializer ?? []) this.consts.set(t.name ?? '', fromTensorProto(t, fileName));
    this.outputNames = (graph.output ?? []).map((o) => o.name ?? '');
    this.ctx = new Ctx(engine, this.constSet, opset);
    // Constants first: exporters often give BN and Conv parameters as Constant nodes rather than initializers.
    const outs = new Set(this.outputNames);
    this.nodes = fuseConvRelu(foldBatchNorm(this.foldConstants(graph.node ?? []), this.consts, outs), outs);
    for (const v of this.consts.values()) this.constSet.add(v);
  }

  /** Evaluates, once, every node whose inputs are all constants and whose result stays on the host. */
  private foldConstants(nodes: NodeProto[]): NodeProto[] {
    const rest: NodeProto[] = [];
    for (const node of nodes) {
      const ins = node.input ?? [];
      const op = node.opType ?? '';
      if (!HOST_SAFE.has(op) || !ins.every((n) => !n || this.consts.has(n))) {
        rest.push(node);
        continue;
      }
      const vals = ins.map((n) => (n ? { host: this.consts.get(n)! } : undefined));
      const outs = OPS[op](this.ctx, new Attrs(node), vals, (node.output ?? []).length);
      if (!outs.every(isHost)) throw new ModelFormatError(`${op}: folding constants produced a GPU value.`);
      (node.output ?? []).forEach((o, i) => o && outs[i] && this.consts.set(o, (outs[i] as { host: HVal }).host));
    }
    return rest;
  }

  /**
   * Runs the graph on the given values (float inputs already on the GPU, integer inputs on the host) and returns the
   * graph outputs. Synchronous: the caller wraps it in engine.scope and reads the GPU outputs back afterwards.
   */
  run(feeds: Map<string, Val>, signature: string): Val[] {
    const values = new Map<string, Val>();
    for (const [k, v] of this.consts) values.set(k, { host: v });
    for (const [k, v] of feeds) values.set(k, v);
    // Host values that depend only on constants and input shapes: the same for every run of this signature.
    const cached = this.shapeCache.get(signature);
    const fresh = new Map<string, HVal>();
    const shapeOnly = new Set<string>(this.consts.keys());
    const lastUse = new Map<string, number>();
    this.nodes.forEach((n, i) => (n.input ?? []).forEach((x) => lastUse.set(x, i)));
    for (const o of this.outputNames) lastUse.set(o, Infinity);
    const holders = new Map<Tensor, number>();
    const hold = (v: Val | undefined, d: number) =>
      v && !isHost(v) && holders.set(v.dev, (holders.get(v.dev) ?? 0) + d);
    for (const v of values.values()) hold(v, 1);
    this.stats.clear();
    this.ctx.runUploads = new Map();
    this.nodes.forEach((node, index) => {
      const op = node.opType ?? '?';
      const outs = (node.output ?? []).filter(Boolean);
      const ins = node.input ?? [];
      const start = performance.now();
      if (cached && outs.every((o) => cached.has(o))) {
        for (const o of outs) values.set(o, { host: cached.get(o)! });
        outs.forEach((o) => shapeOnly.add(o));
      } else {
        const vals = ins.map((n) => {
          if (!n) return undefined;
          const v = values.get(n);
          if (!v)
            throw new ModelFormatError(
              `${this.fileName}: node ${node.name || op} reads '${n}', which no earlier node makes.`,
            );
          return v;
        });
        const res = OPS[op](this.ctx, new Attrs(node), vals, (node.output ?? []).length);
        const derived = op === 'Shape' || ins.every((n) => !n || shapeOnly.has(n));
        (node.output ?? []).forEach((o, i) => {
          if (!o || !res[i]) return;
          values.set(o, res[i]);
          hold(res[i], 1);
          if (derived && isHost(res[i])) {
            shapeOnly.add(o);
            fresh.set(o, res[i].host);
          }
        });
      }
      const st = this.stats.get(op) ?? { count: 0, ms: 0 };
      st.count++;
      st.ms += performance.now() - start;
      this.stats.set(op, st);
      // Frees GPU values nobody reads any more (a run of a large model would otherwise hold every activation).
      for (const n of ins) {
        if (!n || lastUse.get(n) !== index) continue;
        const v = values.get(n);
        if (!v || isHost(v) || this.ctx.persistent.has(v.dev)) continue;
        hold(v, -1);
        values.delete(n);
        if ((holders.get(v.dev) ?? 0) <= 0) v.dev.dispose();
      }
    });
    if (!cached && fresh.size) {
      if (this.shapeCache.size >= 16) this.shapeCache.clear();
      this.shapeCache.set(signature, fresh);
    }
    return this.outputNames.map((o) => {
      const v = values.get(o);
      if (!v) throw new ModelFormatError(`${this.fileName}: graph output '${o}' is made by no node.`);
      if (!isHost(v) && v.nhwc) return { dev: this.ctx.dev(v), type: v.type, nhwc: false };
      return v;
    });
  }

  /**
   * Whether a float graph input should stay on the host: every node reading it takes it as a parameter that must be
   * known before GPU work (Resize scales/sizes/roi), not as data.
   */
  keepsOnHost(name: string): boolean {
    const readers = this.nodes.flatMap((n) => (n.input ?? []).flatMap((x, i) => (x === name ? [[n.opType, i]] : [])));
    return readers.length > 0 && readers.every(([op, i]) => op === 'Resize' && (i as number) >= 1);
  }

  /** Frees the cached uploads of constants. */
  dispose(): void {
    for (const t of this.ctx.persistent) t.dispose();
    this.ctx.persistent.clear();
  }
}
