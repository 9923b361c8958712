// The interpreter's values and the context op mappings run in: a value lives on the host (HVal) or on the GPU (an
// engine Tensor, always f32, tagged with its ONNX kind and whether it is stored NHWC while ONNX sees NCHW).
import type { Engine } from '../../engine/engine.ts';
import type { Tensor } from '../../engine/tensor.ts';
import { cast, permute, reshape } from '../../engine/ops/api.ts';
import { ModelFormatError, UnsupportedModelError } from '../errors.ts';
import { transposeH, reshapeH } from './host-ops.ts';
import { isInt } from './host-ops.ts';
import type { ElemKind, HVal } from './tensor-proto.ts';
import type { AttributeProto, NodeProto } from './proto.ts';

/** A tensor on the GPU. `nhwc`: a logical rank-4 NCHW value stored as NHWC (what conv/pool/resize use). */
export interface DVal {
  dev: Tensor;
  type: ElemKind;
  nhwc: boolean;
}
export type Val = { host: HVal } | DVal;

export const isHost = (v: Val): v is { host: HVal } => 'host' in v;
/** NCHW axis order → NHWC storage, and back. */
export const TO_NHWC = [0, 2, 3, 1];
export const TO_NCHW = [0, 3, 1, 2];

/** The shape ONNX sees. */
export function shapeOf(v: Val): number[] {
  if (isHost(v)) return v.host.shape;
  const s = v.dev.shape;
  return v.nhwc ? TO_NCHW.map((a) => s[a]) : [...s];
}
export const kindOfVal = (v: Val): ElemKind => (isHost(v) ? v.host.type : v.type);

/** Attribute reader of one node, with ONNX defaults. */
export class Attrs {
  private readonly map = new Map<string, AttributeProto>();
  constructor(node: NodeProto) {
    for (const a of node.attribute ?? []) this.map.set(a.name ?? '', a);
  }
  has = (name: string) => this.map.has(name);
  i = (name: string, d: number) => Number(this.map.get(name)?.i ?? d);
  f = (name: string, d: number) => (this.map.has(name) ? Number(this.map.get(name)!.f ?? 0) : d);
  s = (name: string, d: string) => {
    const s = this.map.get(name)?.s;
    return s && s.length ? new TextDecoder().decode(s) : d;
  };
  ints = (name: string): number[] | undefined => {
    const a = this.map.get(name);
    return a ? (a.ints ?? []).map(Number) : undefined;
  };
  floats = (name: string): number[] | undefined => {
    const a = this.map.get(name);
    return a ? [...(a.floats ?? [])] : undefined;
  };
  get = (name: string) => this.map.get(name);
  /** A copy with some int-list attributes replaced (a 1-D op lifted to 2-D). */
  withInts(changes: Record<string, number[] | undefined>): Attrs {
    const kept = [...this.map.values()].filter((a) => !(a.name! in changes));
    const added = Object.entries(changes).flatMap(([name, ints]) => (ints ? [{ name, type: 7, ints }] : []));
    return new Attrs({ attribute: [...kept, ...added] });
  }
}

/** What an op mapping sees: the engine, the node, its opset, and helpers that move values between forms. */
export class Ctx {
  /** Uploads of constants, made once and kept across runs (freed by dispose). */
  readonly uploads = new WeakMap<HVal, { plain?: Tensor; nhwc?: Tensor }>();
  readonly persistent = new Set<Tensor>();
  constructor(
    readonly engine: Engine,
    /** Host values that are model constants (their uploads are cached). */
    readonly constants: WeakSet<HVal>,
    readonly opset: number,
  ) {}

  private readonly memo = new WeakMap<HVal, Map<string, HVal>>();

  /**
   * A host value derived from `src` (a weight in another layout, folded BN factors). When `src` is a model constant
   * the result is made once, marked constant (so its upload is cached too) and reused by every later run.
   */
  derived(src: HVal, tag: string, make: () => HVal): HVal {
    if (!this.constants.has(src)) return make();
    let m = this.memo.get(src);
    if (!m) this.memo.set(src, (m = new Map()));
    let v = m.get(tag);
    if (!v) {
      v = make();
      m.set(tag, v);
      this.constants.add(v);
    }
    return v;
  }

  /** Uploads of this run's host values (feeds kept on the host, shape-derived values); freed with the run's scope. */
  runUploads = new Map<HVal, { plain?: Tensor; nhwc?: Tensor }>();

  private upload(h: HVal, layout: 'plain' | 'nhwc'): Tensor {
    const isConst = this.constants.has(h);
    const cached = isConst ? this.uploads.get(h) : this.runUploads.get(h);
    const hit = cached?.[layout];
    if (hit) return hit;
    const src = layout === 'nhwc' ? transposeH(reshapeH(h, to4(h.shape, 'upload')), TO_NHWC) : h;
    const t = this.engine.tensor(Float32Array.from(src.data), src.shape.length ? src.shape : [], 'f32');
    if (isConst) {
      this.engine.keep(t);
      this.persistent.add(t);
      this.uploads.set(h, { ...cached, [layout]: t });
    } else this.runUploads.set(h, { ...cached, [layout]: t });
    return t;
  }

  /** The value as a plain (ONNX-order) f32 GPU tensor. */
  dev(v: Val): Tensor {
    if (isHost(v)) return this.upload(v.host, 'plain');
    return v.nhwc ? permute(v.dev, TO_NCHW) : v.dev;
  }

  /** A logical rank ≤ 4 value as an NHWC tensor (rank < 4 is padded with leading 1s first, as broadcasting does). */
  nhwc(v: Val): Tensor {
    if (isHost(v)) return this.upload(v.host, 'nhwc');
    if (v.nhwc) return v.dev;
    return permute(reshape(v.dev, to4(v.dev.shape, 'nhwc')), TO_NHWC);
  }

  /** Wraps an engine result; integer kinds are truncated (device math is f32). */
  out(t: Tensor, type: ElemKind, nhwc = false): DVal {
    return { dev: isInt(type) ? cast(cast(t, 'i32'), 'f32') : t, type, nhwc };
  }
}

/** Left-pads a shape of rank ≤ 4 to rank 4. */
export function to4(shape: readonly number[], what: string): number[] {
  if (shape.length > 4)
    throw new UnsupportedModelError(`${what}: a rank-${shape.length} operand cannot mix with NCHW feature maps.`);
  return [...Array(4 - shape.length).fill(1), ...shape];
}

/** The host value of an input that must be known before the GPU work (axes, shapes, scales, pads). */
export function needHost(v: Val | undefined, op: string, what: string): HVal {
  if (!v) throw new UnsupportedModelError(`${op}: its ${what} input is missing.`);
  if (!isHost(v))
    throw new UnsupportedModelError(
      `${op}: its ${what} are computed on the GPU from the data; the studio needs them known from the model and the input shapes.`,
      [`${op} with data-dependent ${what}`],
    );
  return v.host;
}

/** Normalises a possibly negative axis against a rank. */
export function axisOf(op: string, a: number, rank: number): number {
  const r = a < 0 ? a + rank : a;
  if (r < 0 || r >= rank) throw new ModelFormatError(`${op}: axis ${a} is outside a rank-${rank} tensor.`);
  return r;
}

/** One op mapping: inputs (undefined where the node leaves an optional input empty) in, outputs out. */
export type OpFn = (c: Ctx, a: Attrs, ins: (Val | undefined)[], nOut: number) => Val[];
