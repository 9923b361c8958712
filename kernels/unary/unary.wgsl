// Elementwise unary functions and their derivatives.
//
// Algorithm: one invocation per element; the function is chosen by the `OP` override
// constant, so each (op, entry point) pair compiles to its own specialised pipeline
// with no runtime branching. `unary_forward` writes y = f(x); `unary_backward` writes
// dx = dy * f'(x) from the saved input x, in one pass.
// Tiling: none (memory bound); WG invocations per workgroup, workgroups spread over x
// and y when there are more than 65535 of them.
// Bindings: 0 params (size, alpha bits, beta bits), 1 x, [2 dy], last = output.
// Edges: invocations past `size` return early. NaN and infinities behave as IEEE 754 says (ieee.wgsl is
// prepended): relu, log, sqrt and rsqrt keep NaN, log(0) is -Inf, log and sqrt of a negative are NaN. Numerics: tanh clamps its argument
// (the result is ±1 in f32 beyond |x| > 15), softplus and sigmoid use forms that do not
// overflow, erf uses Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7),
// with a series near 0 for the erf op (erf_series). hard_sigmoid (ONNX HardSigmoid,
// max(0, min(1, alpha·x + beta))) and hard_swish (x·relu6(x + 3)/6, written piecewise so -Inf gives 0,
// not -Inf·0) keep NaN through ieee_min/ieee_max; their derivatives are one-sided 0 at the kinks.

override OP: u32 = 0u;
override WG: u32 = 256u;

struct Params {
  size: u32,
  alpha_bits: u32,
  beta_bits: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

const SQRT_2_OVER_PI: f32 = 0.7978845608028654;
const GELU_C: f32 = 0.044715;
const INV_SQRT_2: f32 = 0.7071067811865476;
const INV_SQRT_2PI: f32 = 0.3989422804014327;
const TWO_OVER_SQRT_PI: f32 = 1.1283791670955126;

fn erf_approx(v: f32) -> f32 {
  let s = sign(v);
  let a = abs(v);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1.0 - poly * exp(-a * a));
}

// erf with small relative error near 0 too (the erf op; GELU keeps erf_approx, whose absolute error is what
// matters there): below |v| < 0.5 the Maclaurin series to v^11 (truncation < 2e-9 relative), where
// 1 − poly·exp(−v²) would cancel; erf_approx beyond.
fn erf_series(v: f32) -> f32 {
  if (abs(v) >= 0.5) { return erf_approx(v); }
  let z = v * v;
  let s = 1.0 + z * (-1.0 / 3.0 + z * (1.0 / 10.0 + z * (-1.0 / 42.0 + z * (1.0 / 216.0 + z * (-1.0 / 1320.0)))));
  return TWO_OVER_SQRT_PI * v * s;
}

fn safe_tanh(v: f32) -> f32 {
  return tanh(clamp(v, -15.0, 15.0));
}

// 1/sqrt(v): NaN below 0, +Inf at ±0 (inverseSqrt leaves both to the implementation).
fn rsqrt_ieee(v: f32) -> f32 {
  let s = ieee_sqrt(v);
  if (ieee_is_nan(s)) { return s; }
  if (s == 0.0) { return ieee_pos_inf(); }
  return inverseSqrt(v);
}

fn sigmoid(v: f32) -> f32 {
  if (v >= 0.0) {
    return 1.0 / (1.0 + exp(-v));
  }
  let e = exp(v);
  return e / (1.0 + e);
}

fn f(v: f32, alpha: f32, beta: f32) -> f32 {
  switch OP {
    case 0u: { return -v; }                                   // neg
    case 1u: { return abs(v); }                               // abs
    case 2u: { return exp(v); }                               // exp
    case 3u: { return ieee_log(v); }                          // log
    case 4u: { return ieee_sqrt(v); }                         // sqrt
    case 5u: { return rsqrt_ieee(v); }                        // rsqrt
    case 6u: { return v * v; }                                // square
    case 7u: { return ieee_relu(v); }                         // relu
    case 8u: { return select(alpha * v, v, v > 0.0); }        // leaky_relu
    case 9u: {                                                // gelu_tanh
      return 0.5 * v * (1.0 + safe_tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v)));
    }
    case 10u: { return 0.5 * v * (1.0 + erf_approx(v * INV_SQRT_2)); } // gelu_erf
    case 11u: { return sigmoid(v); }                          // sigmoid
    case 12u: { return safe_tanh(v); }                        // tanh
    case 13u: { return ieee_relu(v) + log(1.0 + exp(-abs(v))); } // softplus
    case 14u: { return ieee_max(0.0, ieee_min(1.0, alpha * v + beta)); } // hard_sigmoid
    case 15u: {                                               // hard_swish
      if (v <= -3.0) { return 0.0; }
      if (v >= 3.0) { return v; }
      return v * (v + 3.0) / 6.0;
    }
    case 16u: { return erf_series(v); }                       // erf
    default: { return v; }
  }
}

fn df(v: f32, alpha: f32, beta: f32) -> f32 {
  switch OP {
    case 0u: { return -1.0; }
    case 1u: { return sign(v); }
    case 2u: { return exp(v); }
    case 3u: { return 1.0 / v; }
    case 4u: { return 0.5 * inverseSqrt(v); }
    case 5u: { return -0.5 * inverseSqrt(v) / v; }
    case 6u: { return 2.0 * v; }
    case 7u: { return select(0.0, 1.0, v > 0.0); }
    case 8u: { return select(alpha, 1.0, v > 0.0); }
    case 9u: {
      let t = safe_tanh(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
      return 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_C * v * v);
    }
    case 10u: {
      return 0.5 * (1.0 + erf_approx(v * INV_SQRT_2)) + v * INV_SQRT_2PI * exp(-0.5 * v * v);
    }
    case 11u: { let s = sigmoid(v); return s * (1.0 - s); }
    case 12u: { let t = safe_tanh(v); return 1.0 - t * t; }
    case 13u: { return sigmoid(v); }
    case 14u: { let z = alpha * v + beta; return select(0.0, alpha, z > 0.0 && z < 1.0); }
    case 15u: {
      if (v <= -3.0) { return 0.0; }
      if (v >= 3.0) { return 1.0; }
      return (2.0 * v + 3.0) / 6.0;
    }
    case 16u: { return TWO_OVER_SQRT_PI * exp(-v * v); }
    default: { return 1.0; }
  }
}

@compute @workgroup_size(WG)
fn unary_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                 @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.size) { return; }
  y[i] = f(x[i], bitcast<f32>(p.alpha_bits), bitcast<f32>(p.beta_bits));
}

@compute @workgroup_size(WG)
fn unary_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                  @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.size) { return; }
  dx[i] = dy[i] * df(x[i], bitcast<f32>(p.alpha_bits), bitcast<f32>(p.beta_bits));
}
