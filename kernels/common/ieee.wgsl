// Shared WGSL snippet (prepended by specs, never compiled alone): IEEE 754 behaviour for NaN and infinities.
//
// WGSL leaves `max`, `min`, `log` and `sqrt` implementation-defined for NaN and for arguments outside their
// domain, and a compiler may assume NaN never occurs. On WebGPU that made relu(NaN) = 0, max reductions and
// max-pooling skip NaN, log(0) = -88 and log(-1) = 0, so a diverged value could turn finite after one layer
// and slip past the trainer's NaN-loss guard. These helpers test the bit pattern (integer operations, which
// no float optimisation rewrites) and give what the CPU reference (JavaScript's Math) gives.
// NaN and infinities cannot be WGSL constant expressions, so they are read from a private variable.

var<private> ieee_bits: vec3<u32> = vec3<u32>(0x7fc00000u, 0x7f800000u, 0xff800000u);

fn ieee_is_nan(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}

fn ieee_nan() -> f32 {
  return bitcast<f32>(ieee_bits.x);
}

fn ieee_pos_inf() -> f32 {
  return bitcast<f32>(ieee_bits.y);
}

fn ieee_neg_inf() -> f32 {
  return bitcast<f32>(ieee_bits.z);
}

// True for every negative number and -Inf, false for -0, NaN and the positives.
fn ieee_is_negative(v: f32) -> bool {
  let b = bitcast<u32>(v);
  return (b >> 31u) == 1u && (b & 0x7fffffffu) != 0u && !ieee_is_nan(v);
}

fn ieee_max(a: f32, b: f32) -> f32 {
  if (ieee_is_nan(a) || ieee_is_nan(b)) { return ieee_nan(); }
  return max(a, b);
}

fn ieee_min(a: f32, b: f32) -> f32 {
  if (ieee_is_nan(a) || ieee_is_nan(b)) { return ieee_nan(); }
  return min(a, b);
}

fn ieee_relu(v: f32) -> f32 {
  if (ieee_is_nan(v)) { return v; }
  return max(v, 0.0);
}

// log: NaN for NaN and negatives, -Inf for ±0, +Inf for +Inf.
fn ieee_log(v: f32) -> f32 {
  let b = bitcast<u32>(v);
  if (ieee_is_nan(v) || ieee_is_negative(v)) { return ieee_nan(); }
  if ((b & 0x7fffffffu) == 0u) { return ieee_neg_inf(); }
  if (b == 0x7f800000u) { return v; }
  return log(v);
}

// sqrt: NaN for NaN and negatives, ±0 for ±0, +Inf for +Inf.
fn ieee_sqrt(v: f32) -> f32 {
  if (ieee_is_nan(v) || ieee_is_negative(v)) { return ieee_nan(); }
  if (bitcast<u32>(v) == 0x7f800000u || v == 0.0) { return v; }
  return sqrt(v);
}
