// Batched matrix multiply C[b] = act(op(A[b]) · op(B[b]) + bias), op = identity or transpose.
//
// Algorithm: shared-memory tiling with 4×4 register blocking, from gemm-core.wgsl (which
// the spec prepends); this file supplies the tile loaders and the epilogue.
// Transposes are never materialised: TRANS_A / TRANS_B only change how tiles are loaded.
// Loads: every buffer is bound as array<vec4<f32>> (the buffer pool rounds sizes to
// 16 bytes). When the contiguous dimension of an operand is a multiple of 4 (VEC_A /
// VEC_B, guarded by the spec), tiles are loaded as whole vec4s; otherwise element by
// element through a component index.
// Batching: workgroup z is the output batch index; it is decomposed over up to 4 batch
// dims and mapped to A and B through per-operand batch strides (0 = broadcast).
// Epilogue (fused): + bias[n] when HAS_BIAS, then ACT (0 none, 1 relu, 2 gelu-tanh,
// 3 sigmoid, 4 tanh, 5 gelu-erf).
// Bindings: 0 params, 1 A, 2 B, 3 bias (a dummy when HAS_BIAS is false), 4 C.
// Edges: loads outside [0, M) × [0, K) or [0, K) × [0, N) read 0, stores outside
// [0, M) × [0, N) are skipped, so every M, N, K ≥ 1 is right.

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override VEC_A: bool = false;
override VEC_B: bool = false;
override HAS_BIAS: bool = false;
override ACT: u32 = 0u;

struct Params {
  m: u32,
  n: u32,
  k: u32,
  batch_rank: u32,
  batch_shape: vec4<u32>,
  a_batch_strides: vec4<u32>,
  b_batch_strides: vec4<u32>,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;

fn a_at(i: u32) -> f32 { return a[i >> 2u][i & 3u]; }
fn b_at(i: u32) -> f32 { return b[i >> 2u][i & 3u]; }

// Batch offsets of the current workgroup, set once at entry.
var<private> a_base: u32;
var<private> b_base: u32;

// Stages op(A)[m0.., k0..] into a_tile[k * TILE_M + m].
fn load_a_tile(lid: u32, m0: u32, k0: u32) {
  let threads = WG_X * WG_Y;
  if (VEC_A) {
    if (TRANS_A) {
      // A stored [K, M], contiguous along m; M % 4 == 0.
      let per_row = TILE_M / 4u;
      for (var l = lid; l < TILE_K * per_row; l += threads) {
        let kk = l / per_row;
        let mm = (l % per_row) * 4u;
        var v = vec4<f32>(0.0);
        if (k0 + kk < p.k && m0 + mm < p.m) {
          v = a[(a_base + (k0 + kk) * p.m + m0 + mm) >> 2u];
        }
        for (var q = 0u; q < 4u; q++) { a_tile[kk * TILE_M + mm + q] = v[q]; }
      }
    } else {
      // A stored [M, K], contiguous along k; K % 4 == 0.
      let per_row = TILE_K / 4u;
      for (var l = lid; l < TILE_M * per_row; l += threads) {
        let mm = l / per_row;
        let kk = (l % per_row) * 4u;
        var v = vec4<f32>(0.0);
        if (m0 + mm < p.m && k0 + kk < p.k) {
          v = a[(a_base + (m0 + mm) * p.k + k0 + kk) >> 2u];
        }
        for (var q = 0u; q < 4u; q++) { a_tile[(kk + q) * TILE_M + mm] = v[q]; }
      }
    }
  } else {
    for (var l = lid; l < TILE_M * TILE_K; l += threads) {
      var mm: u32;
      var kk: u32;
      if (TRANS_A) { kk = l / TILE_M; mm = l % TILE_M; } else { mm = l / TILE_K; kk = l % TILE_K; }
      var v = 0.0;
      if (m0 + mm < p.m && k0 + kk < p.k) {
        if (TRANS_A) { v = a_at(a_base + (k0 + kk) * p.m + m0 + mm); } else { v = a_at(a_base + (m0 + mm) * p.k + k0 + kk); }
      }
      a_tile[kk * TILE_M + mm] = v;
    }
  }
}

// Stages op(B)[k0.., n0..] into b_tile[k * TILE_N + n].
fn load_b_tile(lid: u32, k0: u32, n0: u32) {
  let threads = WG_X * WG_Y;
  if (VEC_B) {
    if (TRANS_B) {
      // B stored [N, K], contiguous along k; K % 4 == 0.
      let per_row = TILE_K / 4u;
      for (var l = lid; l < TILE_N * per_row; l += threads) {
        let nn = l / per_row;
        let kk = (l % per_row) * 4u;
        var v = vec4<f32>(0.0);
        if (n0 + nn < p.n && k0 + kk < p.k) {
          v = b[(b_base + (n0 + nn) * p.k + k0 + kk) >> 2u];
        }
        for (var q = 0u; q < 4u; q++) { b_tile[(kk + q) * TILE_N + nn] = v[q]; }
      }
    } else {
      // B stored [K, N], contiguous along n; N % 4 == 0.
      let per_row = TILE_N / 4u;
      for (var l = lid; l < TILE_K * per_row; l += threads) {
        let kk = l / per_row;
        let nn = (l % per_row) * 4u;
        var v = vec4<f32>(0.0);
        if (k0 + kk < p.k && n0 + nn < p.n) {
          v = b[(b_base + (k0 + kk) * p.n + n0 + nn) >> 2u];
        }
        for (var q = 0u; q < 4u; q++) { b_tile[kk * TILE_N + nn + q] = v[q]; }
      }
    }
  } else {
    for (var l = lid; l < TILE_K * TILE_N; l += threads) {
      var kk: u32;
      var nn: u32;
      if (TRANS_B) { nn = l / TILE_K; kk = l % TILE_K; } else { kk = l / TILE_N; nn = l % TILE_N; }
      var v = 0.0;
      if (k0 + kk < p.k && n0 + nn < p.n) {
        if (TRANS_B) { v = b_at(b_base + (n0 + nn) * p.k + k0 + kk); } else { v = b_at(b_base + (k0 + kk) * p.n + n0 + nn); }
      }
      b_tile[kk * TILE_N + nn] = v;
    }
  }
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn matmul(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let tx = lid3.x;
  let ty = lid3.y;
  let m0 = wid.y * TILE_M;
  let n0 = wid.x * TILE_N;

  // Batch index → offsets into A and B (row-major decomposition of wid.z).
  var rem = wid.z;
  a_base = 0u;
  b_base = 0u;
  for (var d = i32(p.batch_rank) - 1; d >= 0; d--) {
    let n = p.batch_shape[d];
    let coord = rem % n;
    rem = rem / n;
    a_base += coord * p.a_batch_strides[d];
    b_base += coord * p.b_batch_strides[d];
  }
  let c_base = wid.z * p.m * p.n;

  let acc = gemm_accumulate(lid, tx, ty, m0, n0, 0u, p.k);

  for (var i = 0u; i < TM; i++) {
    let row = m0 + ty + i * WG_Y;
    if (row >= p.m) { continue; }
    for (var j = 0u; j < TN; j++) {
      let col = n0 + tx + j * WG_X;
      if (col >= p.n) { continue; }
      var v = acc[i][j];
      if (HAS_BIAS) { v += bias[col]; }
      c[c_base + row * p.n + col] = activate(v, ACT);
    }
  }
}
