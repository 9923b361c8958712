// 2-D convolution in NHWC as an implicit GEMM: forward, gradient w.r.t. the input, and
// gradient w.r.t. the filter, all on the tiling of gemm-core.wgsl (prepended by the spec).
//
// Layouts: x [N, H, W, Cin], filter [KH, KW, Cin/groups, Cout] (HWIO), y [N, OH, OW, Cout].
// Groups split Cin and Cout into `groups` equal parts (groups = Cin gives depthwise); the
// GEMM is batched over groups with workgroup z = group.
// MODE 0, forward:     Y[m, co]  = Σ_k X̂[m, k] · W[k, co],  m = (n, oh, ow), k = (kh, kw, ci)
//                      where X̂ is the im2col view of x, gathered on the fly (never stored).
// MODE 1, input grad:  dX[m, ci] = Σ_k dŶ[m, k] · W[(kh, kw, ci), co],  m = (n, ih, iw),
//                      k = (kh, kw, co); dŶ reads dy at oh = (ih + pad_t − kh·dil)/stride when
//                      that divides exactly and lies inside, else 0.
// MODE 2, filter grad: dW[m, co] = Σ_k X̂ᵀ[m, k] · dY[k, co],  m = (kh, kw, ci), k = (n, oh, ow).
// Epilogue: MODE 0 adds bias[co] when HAS_BIAS, then activation ACT; MODE 1 adds bias[ci] when HAS_BIAS
// (a transposed convolution is this input-gradient GEMM with the roles of x and y swapped, and its bias
// lands on the "input" channels).
// Split-K (MODE 2): the filter gradient's K = N·OH·OW is long while M·N is small, so K is cut
// into `splits` chunks of `k_chunk` (a multiple of TILE_K); workgroup z = group · splits + split,
// and each split writes its partial sum to out[index · splits + split]. The spec's caller
// sums the partials (a row reduction); splits = 1 writes the result directly.
// Bindings: 0 params, 1 in0 (x | dy | x), 2 in1 (w | w | dy), 3 bias (or dummy), 4 out.
// Edges: every gathered index outside the tensor (padding, partial tiles) reads 0, and
// stores outside [0, gm) × [0, gn) are skipped.

override MODE: u32 = 0u;
override HAS_BIAS: bool = false;
override ACT: u32 = 0u;

struct Params {
  n: u32, h: u32, w: u32, cin: u32,
  oh: u32, ow: u32, cout: u32, kh: u32,
  kw: u32, stride_h: u32, stride_w: u32, dil_h: u32,
  dil_w: u32, pad_t: u32, pad_l: u32, groups: u32,
  cin_g: u32, cout_g: u32, gm: u32, gn: u32,
  gk: u32, splits: u32, k_chunk: u32, pad2: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> in0: array<f32>;
@group(0) @binding(2) var<storage, read> in1: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

var<private> group_id: u32;

// x at (n, ih, iw, group channel ci), 0 outside the image.
fn x_at(n: u32, ih: i32, iw: i32, ci: u32) -> f32 {
  if (ih < 0 || iw < 0 || u32(ih) >= p.h || u32(iw) >= p.w) { return 0.0; }
  return in0[((n * p.h + u32(ih)) * p.w + u32(iw)) * p.cin + group_id * p.cin_g + ci];
}

fn a_value(m: u32, k: u32) -> f32 {
  switch MODE {
    case 0u: {
      let ow = m % p.ow;
      let oh = (m / p.ow) % p.oh;
      let n = m / (p.ow * p.oh);
      let ci = k % p.cin_g;
      let kw = (k / p.cin_g) % p.kw;
      let kh = k / (p.cin_g * p.kw);
      return x_at(n, i32(oh * p.stride_h + kh * p.dil_h) - i32(p.pad_t), i32(ow * p.stride_w + kw * p.dil_w) - i32(p.pad_l), ci);
    }
    case 1u: {
      let iw = m % p.w;
      let ih = (m / p.w) % p.h;
      let n = m / (p.w * p.h);
      let co = k % p.cout_g;
      let kw = (k / p.cout_g) % p.kw;
      let kh = k / (p.cout_g * p.kw);
      let oh_num = i32(ih + p.pad_t) - i32(kh * p.dil_h);
      let ow_num = i32(iw + p.pad_l) - i32(kw * p.dil_w);
      if (oh_num < 0 || ow_num < 0) { return 0.0; }
      if (u32(oh_num) % p.stride_h != 0u || u32(ow_num) % p.stride_w != 0u) { return 0.0; }
      let oh = u32(oh_num) / p.stride_h;
      let ow = u32(ow_num) / p.stride_w;
      if (oh >= p.oh || ow >= p.ow) { return 0.0; }
      return in0[((n * p.oh + oh) * p.ow + ow) * p.cout + group_id * p.cout_g + co];
    }
    default: {
      let ci = m % p.cin_g;
      let kw = (m / p.cin_g) % p.kw;
      let kh = m / (p.cin_g * p.kw);
      let ow = k % p.ow;
      let oh = (k / p.ow) % p.oh;
      let n = k / (p.ow * p.oh);
      return x_at(n, i32(oh * p.stride_h + kh * p.dil_h) - i32(p.pad_t), i32(ow * p.stride_w + kw * p.dil_w) - i32(p.pad_l), ci);
    }
  }
}

fn b_value(k: u32, col: u32) -> f32 {
  switch MODE {
    case 0u: { return in1[k * p.cout + group_id * p.cout_g + col]; }
    case 1u: {
      // k = (kh, kw, co), col = ci: filter element (kh, kw, ci, group co).
      let co = k % p.cout_g;
      let khw = k / p.cout_g;
      return in1[(khw * p.cin_g + col) * p.cout + group_id * p.cout_g + co];
    }
    default: { return in1[k * p.cout + group_id * p.cout_g + col]; }
  }
}

fn load_a_tile(lid: u32, m0: u32, k0: u32) {
  for (var l = lid; l < TILE_M * TILE_K; l += WG_X * WG_Y) {
    let mm = l / TILE_K;
    let kk = l % TILE_K;
    var v = 0.0;
    if (m0 + mm < p.gm && k0 + kk < p.gk) { v = a_value(m0 + mm, k0 + kk); }
    a_tile[kk * TILE_M + mm] = v;
  }
}

fn load_b_tile(lid: u32, k0: u32, n0: u32) {
  for (var l = lid; l < TILE_K * TILE_N; l += WG_X * WG_Y) {
    let kk = l / TILE_N;
    let nn = l % TILE_N;
    var v = 0.0;
    if (k0 + kk < p.gk && n0 + nn < p.gn) { v = b_value(k0 + kk, n0 + nn); }
    b_tile[kk * TILE_N + nn] = v;
  }
}

fn out_index(m: u32, col: u32) -> u32 {
  switch MODE {
    case 0u: { return m * p.cout + group_id * p.cout_g + col; }
    case 1u: { return m * p.cin + group_id * p.cin_g + col; }
    default: { return m * p.cout + group_id * p.cout_g + col; }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn conv2d(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  group_id = wid.z / p.splits;
  let split = wid.z % p.splits;
  let m0 = wid.y * TILE_M;
  let n0 = wid.x * TILE_N;
  let k_begin = split * p.k_chunk;
  let acc = gemm_accumulate(lid, lid3.x, lid3.y, m0, n0, k_begin, min(k_begin + p.k_chunk, p.gk));
  for (var i = 0u; i < TM; i++) {
    let row = m0 + lid3.y + i * WG_Y;
    if (row >= p.gm) { continue; }
    for (var j = 0u; j < TN; j++) {
      let col = n0 + lid3.x + j * WG_X;
      if (col >= p.gn) { continue; }
      var v = acc[i][j];
      if (MODE == 0u) {
        if (HAS_BIAS) { v += bias[group_id * p.cout_g + col]; }
        v = activate(v, ACT);
      } else if (MODE == 1u && HAS_BIAS) {
        v += bias[group_id * p.cin_g + col];
      }
      out[out_index(row, col) * p.splits + split] = v;
    }
  }
}
