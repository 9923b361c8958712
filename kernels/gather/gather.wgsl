// Gather along one axis, and its deterministic backward (a scatter-add without atomics).
//
// Layout: x is viewed as [outer, axis_len, inner], indices as a flat list of n_idx i32,
// the output as [outer, n_idx, inner].
// gather_forward: one invocation per output element copies x[o, idx[j], i] (raw u32
// words, so any 32-bit dtype works). Indices follow ONNX: -axis_len ≤ r < 0 counts from
// the end (r + axis_len). An index outside [-axis_len, axis_len) writes the fill word
// (NaN for f32, so a bad index shows up in the loss instead of reading as a quiet 0; the
// engine refuses indices it knows on the host before launching, src/engine/ops/shape-ops.ts).
// gather_backward: one invocation per element of dx[o, r, i] sums dy[o, j, i] over every
// j whose index (negative ones counted from the end) is r, in increasing j; out-of-range
// indices contribute nothing. No atomics, so the same inputs always give
// bit-identical gradients; the cost is O(size(dx) · n_idx), fine for the index counts
// of this op (embeddings get their own kernel).
// Bindings: 0 params, 1 x|dy, 2 idx, 3 out. Edges: invocations past the size return.

override WG: u32 = 256u;

struct Params {
  outer: u32,
  axis_len: u32,
  inner: u32,
  n_idx: u32,
  fill: u32,
}

// An index in [0, axis_len), or -1 when it is outside [-axis_len, axis_len).
fn resolve_index(raw: i32) -> i32 {
  let n = i32(p.axis_len);
  let r = select(raw, raw + n, raw < 0);
  return select(-1, r, r >= 0 && r < n);
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<u32>;
@group(0) @binding(2) var<storage, read> idx: array<i32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG)
fn gather_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                  @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = (wid.x + wid.y * nwg.x) * WG + lid;
  if (t >= p.outer * p.n_idx * p.inner) { return; }
  let i = t % p.inner;
  let j = (t / p.inner) % p.n_idx;
  let o = t / (p.inner * p.n_idx);
  let r = resolve_index(idx[j]);
  if (r < 0) {
    out[t] = p.fill;
    return;
  }
  out[t] = x[(o * p.axis_len + u32(r)) * p.inner + i];
}

@compute @workgroup_size(WG)
fn gather_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                   @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = (wid.x + wid.y * nwg.x) * WG + lid;
  if (t >= p.outer * p.axis_len * p.inner) { return; }
  let i = t % p.inner;
  let r = i32((t / p.inner) % p.axis_len);
  let o = t / (p.inner * p.axis_len);
  var acc = 0.0;
  for (var j = 0u; j < p.n_idx; j++) {
    if (resolve_index(idx[j]) == r) {
      acc += dy[(o * p.n_idx + j) * p.inner + i];
    }
  }
  dx[t] = acc;
}
