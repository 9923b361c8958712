// Shared GEMM core (prepended by the matmul and conv2d specs, never compiled alone).
//
// Tiling: a workgroup of WG_X × WG_Y invocations owns a TILE_M × TILE_N block of the
// output, TILE_M = WG_Y·TM and TILE_N = WG_X·TN with a TM × TN = 4 × 4 register tile per
// invocation. K is walked in steps of TILE_K: each step the workgroup stages a
// TILE_K × TILE_M slice of A and a TILE_K × TILE_N slice of B in workgroup memory
// (k-major, 8 KiB with the defaults) through the including file's `load_a_tile` and
// `load_b_tile` (which decide layout, transposes, vec4 loads or im2col gathers and
// write zeros outside the matrix), then every invocation does TM·TN·TILE_K FMAs.
// Invocation (tx, ty) owns rows ty + i·WG_Y and columns tx + j·WG_X of the block, so
// neighbouring invocations read neighbouring shared words and write neighbouring
// global words.

override WG_X: u32 = 16u;
override WG_Y: u32 = 16u;
override TILE_K: u32 = 16u;

const TM: u32 = 4u;
const TN: u32 = 4u;
override TILE_M: u32 = WG_Y * TM;
override TILE_N: u32 = WG_X * TN;

var<workgroup> a_tile: array<f32, TILE_K * TILE_M>;
var<workgroup> b_tile: array<f32, TILE_K * TILE_N>;

// Accumulates the register tile of invocation (tx, ty) for the block at (m0, n0) over k in
// [k_begin, k_end). k_begin is a multiple of TILE_K; tile loads zero everything past the
// matrix's K, and a split-K caller makes each chunk a multiple of TILE_K.
fn gemm_accumulate(lid: u32, tx: u32, ty: u32, m0: u32, n0: u32, k_begin: u32, k_end: u32) -> array<array<f32, TN>, TM> {
  var acc: array<array<f32, TN>, TM>;
  var a_reg: array<f32, TM>;
  var b_reg: array<f32, TN>;
  for (var k0 = k_begin; k0 < k_end; k0 += TILE_K) {
    load_a_tile(lid, m0, k0);
    load_b_tile(lid, k0, n0);
    workgroupBarrier();
    for (var kk = 0u; kk < TILE_K; kk++) {
      for (var i = 0u; i < TM; i++) { a_reg[i] = a_tile[kk * TILE_M + ty + i * WG_Y]; }
      for (var j = 0u; j < TN; j++) { b_reg[j] = b_tile[kk * TILE_N + tx + j * WG_X]; }
      for (var i = 0u; i < TM; i++) {
        for (var j = 0u; j < TN; j++) {
          acc[i][j] = fma(a_reg[i], b_reg[j], acc[i][j]);
        }
      }
    }
    workgroupBarrier();
  }
  return acc;
}

const SQRT_2_OVER_PI: f32 = 0.7978845608028654;

fn erf_approx(v: f32) -> f32 {
  let s = sign(v);
  let x = abs(v);
  let t = 1.0 / (1.0 + 0.3275911 * x);
  let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return s * (1.0 - poly * exp(-x * x));
}

// Fused epilogue activation: 0 none, 1 relu, 2 gelu-tanh, 3 sigmoid, 4 tanh, 5 gelu-erf.
fn activate(v: f32, act: u32) -> f32 {
  switch act {
    case 1u: { return ieee_relu(v); }
    case 2u: { return 0.5 * v * (1.0 + tanh(clamp(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v), -15.0, 15.0))); }
    case 3u: { return select(exp(v) / (1.0 + exp(v)), 1.0 / (1.0 + exp(-v)), v >= 0.0); }
    case 4u: { return tanh(clamp(v, -15.0, 15.0)); }
    case 5u: { return 0.5 * v * (1.0 + erf_approx(v * 0.7071067811865476)); }
    default: { return v; }
  }
}
