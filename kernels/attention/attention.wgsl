// Fused scaled-dot-product attention (FlashAttention-style), multi-head, with causal and
// key-padding masks; forward and backward, without ever writing the T×T score matrix.
//
// Layout: q, k, v, o and their gradients are [B, H, T, D] contiguous; lse and the backward
// statistics are [B, H, T]; `lens` (when HAS_LENS) holds one key length per batch entry:
// keys j ≥ lens[b] are masked out. With CAUSAL, key j is masked for query i when j > i.
// scale multiplies q·k (1/sqrt(D) by default).
//
// attention_forward: a workgroup of BR invocations handles BR consecutive query rows of one
// (b, h); invocation = query row, holding q and its output accumulator in registers. Keys
// and values stream through workgroup memory in tiles of BC rows (2·BC·D floats ≤ 16 KiB).
// Each score s updates the row's online softmax (Milakov & Gimelshein 2018; Dao et al.
// 2022): running max m, running sum l of exp(s − m), accumulator o rescaled by exp(m_old −
// m_new) when the max grows. At the end o/l is written, and lse = m + log l is saved for
// the backward pass. A row with every key masked writes 0 and lse = +BIG.
// attention_stats: one invocation per row writes (lse_i, δ_i = Σ_d dO_i·O_i) interleaved.
// attention_backward_dq: as the forward, per query row: recomputes p = exp(s − lse_i),
// dp = dO_i·v_j, ds = p·(dp − δ_i) and accumulates dq_i += ds·k_j.
// attention_backward_dkv: per key row j (workgroup = BR key rows), streaming q and dO
// tiles: dv_j += p·dO_i and dk_j += ds·q_i. Both are sums in a fixed order: deterministic.
// Register arrays are sized MAX_D = 128, the largest supported head size.
// Bindings: forward 0 params, 1 q, 2 k, 3 v, 4 lens, 5 o, 6 lse;
//   stats 0 params, 1 o, 2 do, 3 lse, 4 stats;
//   dq 0 params, 1 q, 2 k, 3 v, 4 do, 5 stats, 6 lens, 7 dq;
//   dkv 0 params, 1 q, 2 k, 3 v, 4 do, 5 stats, 6 lens, 7 dk, 8 dv.
// Edges: rows ≥ T compute nothing and write nothing; tiles past T load zeros and are masked.

override BR: u32 = 64u;
override BC: u32 = 32u;
override HEAD_DIM: u32 = 64u;
override CAUSAL: bool = false;
override HAS_LENS: bool = false;

const MAX_D: u32 = 128u;
const BIG: f32 = 3.0e38;

struct Params {
  b: u32,
  h: u32,
  t: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> k: array<f32>;
@group(0) @binding(3) var<storage, read> v: array<f32>;
// forward
@group(0) @binding(4) var<storage, read> lens_f: array<i32>;
@group(0) @binding(5) var<storage, read_write> o: array<f32>;
@group(0) @binding(6) var<storage, read_write> lse: array<f32>;
// stats
@group(0) @binding(1) var<storage, read> o_in: array<f32>;
@group(0) @binding(2) var<storage, read> do_s: array<f32>;
@group(0) @binding(3) var<storage, read> lse_in: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats_out: array<f32>;
// backward
@group(0) @binding(4) var<storage, read> d_o: array<f32>;
@group(0) @binding(5) var<storage, read> stats: array<f32>;
@group(0) @binding(6) var<storage, read> lens_b: array<i32>;
@group(0) @binding(7) var<storage, read_write> dq: array<f32>;
@group(0) @binding(7) var<storage, read_write> dk: array<f32>;
@group(0) @binding(8) var<storage, read_write> dv: array<f32>;

var<workgroup> tile_a: array<f32, BC * HEAD_DIM>;
var<workgroup> tile_b: array<f32, BC * HEAD_DIM>;
var<workgroup> tile_s: array<f32, BC * 2u>;

// Number of keys visible to batch entry b.
fn key_len_f(b: u32) -> u32 {
  if (HAS_LENS) { return min(u32(max(lens_f[b], 0)), p.t); }
  return p.t;
}
fn key_len_b(b: u32) -> u32 {
  if (HAS_LENS) { return min(u32(max(lens_b[b], 0)), p.t); }
  return p.t;
}

@compute @workgroup_size(BR)
fn attention_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let bh = wid.y;
  let b = bh / p.h;
  let i = wid.x * BR + lid;
  let row_ok = i < p.t;
  let base = bh * p.t * HEAD_DIM;
  var qr: array<f32, MAX_D>;
  var acc: array<f32, MAX_D>;
  if (row_ok) {
    for (var d = 0u; d < HEAD_DIM; d++) { qr[d] = q[base + i * HEAD_DIM + d] * p.scale; }
  }
  var m = -BIG;
  var l = 0.0;
  let n_keys = key_len_f(b);
  var kv_end = n_keys;
  if (CAUSAL) { kv_end = min(n_keys, (wid.x + 1u) * BR); }
  for (var j0 = 0u; j0 < kv_end; j0 += BC) {
    for (var e = lid; e < BC * HEAD_DIM; e += BR) {
      let j = j0 + e / HEAD_DIM;
      var kv = vec2<f32>(0.0);
      if (j < p.t) { kv = vec2<f32>(k[base + j0 * HEAD_DIM + e], v[base + j0 * HEAD_DIM + e]); }
      tile_a[e] = kv.x;
      tile_b[e] = kv.y;
    }
    workgroupBarrier();
    if (row_ok) {
      for (var jj = 0u; jj < BC; jj++) {
        let j = j0 + jj;
        if (j >= n_keys || (CAUSAL && j > i)) { continue; }
        var s = 0.0;
        for (var d = 0u; d < HEAD_DIM; d++) { s = fma(qr[d], tile_a[jj * HEAD_DIM + d], s); }
        if (s > m) {
          let corr = exp(m - s);
          l = l * corr + 1.0;
          for (var d = 0u; d < HEAD_DIM; d++) { acc[d] = acc[d] * corr + tile_b[jj * HEAD_DIM + d]; }
          m = s;
        } else {
          let w = exp(s - m);
          l += w;
          for (var d = 0u; d < HEAD_DIM; d++) { acc[d] = fma(w, tile_b[jj * HEAD_DIM + d], acc[d]); }
        }
      }
    }
    workgroupBarrier();
  }
  if (row_ok) {
    let inv = select(0.0, 1.0 / l, l > 0.0);
    for (var d = 0u; d < HEAD_DIM; d++) { o[base + i * HEAD_DIM + d] = acc[d] * inv; }
    lse[bh * p.t + i] = select(BIG, m + log(l), l > 0.0);
  }
}

@compute @workgroup_size(BR)
fn attention_stats(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wid.y * p.t + wid.x * BR + lid;
  if (wid.x * BR + lid >= p.t) { return; }
  var delta = 0.0;
  for (var d = 0u; d < HEAD_DIM; d++) { delta = fma(o_in[row * HEAD_DIM + d], do_s[row * HEAD_DIM + d], delta); }
  stats_out[2u * row] = lse_in[row];
  stats_out[2u * row + 1u] = delta;
}

@compute @workgroup_size(BR)
fn attention_backward_dq(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let bh = wid.y;
  let b = bh / p.h;
  let i = wid.x * BR + lid;
  let row_ok = i < p.t;
  let base = bh * p.t * HEAD_DIM;
  var qr: array<f32, MAX_D>;
  var dor: array<f32, MAX_D>;
  var acc: array<f32, MAX_D>;
  var row_lse = BIG;
  var delta = 0.0;
  if (row_ok) {
    for (var d = 0u; d < HEAD_DIM; d++) {
      qr[d] = q[base + i * HEAD_DIM + d] * p.scale;
      dor[d] = d_o[base + i * HEAD_DIM + d];
    }
    row_lse = stats[2u * (bh * p.t + i)];
    delta = stats[2u * (bh * p.t + i) + 1u];
  }
  let n_keys = key_len_b(b);
  var kv_end = n_keys;
  if (CAUSAL) { kv_end = min(n_keys, (wid.x + 1u) * BR); }
  for (var j0 = 0u; j0 < kv_end; j0 += BC) {
    for (var e = lid; e < BC * HEAD_DIM; e += BR) {
      let j = j0 + e / HEAD_DIM;
      var kv = vec2<f32>(0.0);
      if (j < p.t) { kv = vec2<f32>(k[base + j0 * HEAD_DIM + e], v[base + j0 * HEAD_DIM + e]); }
      tile_a[e] = kv.x;
      tile_b[e] = kv.y;
    }
    workgroupBarrier();
    if (row_ok) {
      for (var jj = 0u; jj < BC; jj++) {
        let j = j0 + jj;
        if (j >= n_keys || (CAUSAL && j > i)) { continue; }
        var s = 0.0;
        var dp = 0.0;
        for (var d = 0u; d < HEAD_DIM; d++) {
          s = fma(qr[d], tile_a[jj * HEAD_DIM + d], s);
          dp = fma(dor[d], tile_b[jj * HEAD_DIM + d], dp);
        }
        let ds = exp(s - row_lse) * (dp - delta);
        for (var d = 0u; d < HEAD_DIM; d++) { acc[d] = fma(ds, tile_a[jj * HEAD_DIM + d], acc[d]); }
      }
    }
    workgroupBarrier();
  }
  if (row_ok) {
    for (var d = 0u; d < HEAD_DIM; d++) { dq[base + i * HEAD_DIM + d] = acc[d] * p.scale; }
  }
}

@compute @workgroup_size(BR)
fn attention_backward_dkv(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let bh = wid.y;
  let b = bh / p.h;
  let j = wid.x * BR + lid;
  let n_keys = key_len_b(b);
  let key_ok = j < n_keys;
  let base = bh * p.t * HEAD_DIM;
  var kr: array<f32, MAX_D>;
  var vr: array<f32, MAX_D>;
  var dk_acc: array<f32, MAX_D>;
  var dv_acc: array<f32, MAX_D>;
  if (key_ok) {
    for (var d = 0u; d < HEAD_DIM; d++) {
      kr[d] = k[base + j * HEAD_DIM + d];
      vr[d] = v[base + j * HEAD_DIM + d];
    }
  }
  // With a causal mask, queries before this block's first key see none of its keys.
  var i_start = 0u;
  if (CAUSAL) { i_start = (wid.x * BR / BC) * BC; }
  for (var i0 = i_start; i0 < p.t; i0 += BC) {
    for (var e = lid; e < BC * HEAD_DIM; e += BR) {
      let i = i0 + e / HEAD_DIM;
      var qd = vec2<f32>(0.0);
      if (i < p.t) { qd = vec2<f32>(q[base + i0 * HEAD_DIM + e] * p.scale, d_o[base + i0 * HEAD_DIM + e]); }
      tile_a[e] = qd.x;
      tile_b[e] = qd.y;
    }
    for (var e = lid; e < BC * 2u; e += BR) {
      let i = i0 + e / 2u;
      var sv = 0.0;
      if (i < p.t) { sv = stats[2u * (bh * p.t + i0) + e]; }
      tile_s[e] = sv;
    }
    workgroupBarrier();
    if (key_ok) {
      for (var ii = 0u; ii < BC; ii++) {
        let i = i0 + ii;
        if (i >= p.t || (CAUSAL && j > i)) { continue; }
        var s = 0.0;
        var dp = 0.0;
        for (var d = 0u; d < HEAD_DIM; d++) {
          s = fma(tile_a[ii * HEAD_DIM + d], kr[d], s);
          dp = fma(tile_b[ii * HEAD_DIM + d], vr[d], dp);
        }
        let pr = exp(s - tile_s[2u * ii]);
        let ds = pr * (dp - tile_s[2u * ii + 1u]);
        for (var d = 0u; d < HEAD_DIM; d++) {
          dv_acc[d] = fma(pr, tile_b[ii * HEAD_DIM + d], dv_acc[d]);
          dk_acc[d] = fma(ds, tile_a[ii * HEAD_DIM + d], dk_acc[d]);
        }
      }
    }
    workgroupBarrier();
  }
  if (j < p.t) {
    // dk uses q·scale from the tile, so dk already carries the scale factor.
    for (var d = 0u; d < HEAD_DIM; d++) {
      dk[base + j * HEAD_DIM + d] = dk_acc[d];
      dv[base + j * HEAD_DIM + d] = dv_acc[d];
    }
  }
}
