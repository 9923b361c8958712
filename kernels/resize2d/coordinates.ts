// ONNX Resize's coordinate transforms as exact fractions: where each output position of a resize reads, shared by
// the kernel spec (which passes the fractions to the shader) and the float64 reference.
import type { Resize2dParams } from './resize2d.ts';

/**
 * ONNX coordinate_transformation_mode: the input coordinate x of output position o, for scale s (out/in unless
 * given) — asymmetric o/s; half_pixel (o + ½)/s − ½; pytorch_half_pixel the same, but −½ for a one-pixel
 * output; align_corners o·(in − 1)/(s·in − 1), 0 for a one-pixel output; tf_half_pixel_for_nn (o + ½)/s;
 * half_pixel_symmetric (ONNX opset 19) half_pixel shifted by in/2 · (1 − out/(s·in)), which centres an output
 * whose size floor(s·in) was rounded down.
 */
export const COORDINATE_TRANSFORMS = [
  'asymmetric',
  'half_pixel',
  'pytorch_half_pixel',
  'align_corners',
  'tf_half_pixel_for_nn',
  'half_pixel_symmetric',
] as const;
export type CoordinateTransform = (typeof COORDINATE_TRANSFORMS)[number];

/** ONNX nearest_mode, in the order of the `NEAREST` override: how a fractional coordinate picks its pixel. */
export const NEAREST_MODES = ['floor', 'round_prefer_floor', 'round_prefer_ceil', 'ceil'] as const;
export type NearestMode = (typeof NEAREST_MODES)[number];

/** The input coordinate of output position o along one axis, exactly: (a·o + b) / den, a ≥ 0, den > 0. */
export interface AxisFraction {
  a: number;
  b: number;
  den: number;
}

const gcd = (x: number, y: number): number => (y === 0 ? Math.abs(x) : gcd(y, x % y));
/** Largest denominator of a scale given as a float (enough for every decimal scale a model carries). */
const MAX_SCALE_DENOMINATOR = 4096;

/**
 * A float scale as a fraction [num, den]: the first continued-fraction convergent within 1e-6 relative, so an
 * f32 0.6 becomes 3/5. Throws a RangeError for a scale that no fraction with a denominator up to 4096 matches.
 */
export function scaleFraction(s: number): [number, number] {
  if (!(s > 0) || !Number.isFinite(s)) throw new RangeError(`a resize scale must be a positive number, got ${s}`);
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let x = s;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(x);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > MAX_SCALE_DENOMINATOR) break;
    if (Math.abs(h1 / k1 - s) <= 1e-6 * s) return [h1, k1];
    if (x === a) break;
    x = 1 / (x - a);
  }
  throw new RangeError(`the resize scale ${s} is not a fraction with a denominator up to ${MAX_SCALE_DENOMINATOR}`);
}

/** The exact coordinate fraction of one axis of `inn` → `out` with the given transform and optional scale. */
export function axisFraction(t: CoordinateTransform, inn: number, out: number, scale?: number): AxisFraction {
  const [sn, sd] = scale === undefined ? [out, inn] : scaleFraction(scale);
  // ONNX compares the float output length s·in with 1 (not the integer `out`) when a scale is given.
  const one = sn * inn === sd;
  let f: AxisFraction;
  if (t === 'asymmetric') f = { a: sd, b: 0, den: sn };
  else if (t === 'tf_half_pixel_for_nn') f = { a: 2 * sd, b: sd, den: 2 * sn };
  else if (t === 'pytorch_half_pixel' && one) f = { a: 0, b: -1, den: 2 };
  else if (t === 'half_pixel' || t === 'pytorch_half_pixel') f = { a: 2 * sd, b: sd - sn, den: 2 * sn };
  // in/2 · (1 − out·sd/(sn·in)) + ((2o + 1)·sd − sn)/(2·sn), over the common denominator 2·sn.
  else if (t === 'half_pixel_symmetric') f = { a: 2 * sd, b: inn * sn - out * sd + sd - sn, den: 2 * sn };
  else if (one) f = { a: 0, b: 0, den: 1 };
  else f = { a: (inn - 1) * sd, b: 0, den: sn * inn - sd };
  const g = gcd(gcd(f.a, f.b), f.den) || 1;
  f = { a: f.a / g, b: f.b / g, den: f.den / g };
  if (f.den <= 0 || Math.abs(f.a) * out + Math.abs(f.b) >= 2 ** 31 || f.den >= 2 ** 30)
    throw new RangeError(
      `resize ${inn} → ${out} (${t}, scale ${scale ?? `${out}/${inn}`}) overflows 32-bit coordinates`,
    );
  return f;
}

/** The coordinate fractions [y, x] and the resolved modes of a resize. */
export function resizeAxes(p: Resize2dParams): {
  y: AxisFraction;
  x: AxisFraction;
  transform: CoordinateTransform;
  nearest: NearestMode;
} {
  const transform = p.coordinateTransform ?? (p.mode === 'nearest' ? 'asymmetric' : 'half_pixel');
  return {
    y: axisFraction(transform, p.h, p.oh, p.scales?.[0]),
    x: axisFraction(transform, p.w, p.ow, p.scales?.[1]),
    transform,
    nearest: p.nearestMode ?? 'floor',
  };
}
