// Softmax and log-softmax along the last axis of a contiguous [rows, cols] input, and
// their backward passes. (rows.wgsl is prepended by the spec.)
//
// Forward: one workgroup per row. Each invocation folds its strided slice of the row into
// a running (max, Σ exp(x − max)) pair (online softmax), the workgroup merges the pairs,
// and each invocation writes its slice: exp(x − max) / Σ, or x − max − log Σ when LOG.
// A row of any magnitude is safe: nothing is exponentiated above 0.
// Backward: softmax dx = y · (dy − Σ dy·y); log-softmax dx = dy − exp(y) · Σ dy, with the
// row sum reduced in the same workgroup.
// Bindings: forward 0 params, 1 x, 2 y; backward 0 params, 1 y, 2 dy, 3 dx.
// Edges: invocations past `cols` fold nothing (an empty pair) and write nothing.

override LOG: bool = false;

struct Params {
  rows: u32,
  cols: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> y_in: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG)
fn softmax_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = row_index(wid, nwg);
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var ms = vec2<f32>(0.0, 0.0);
  for (var c = lid; c < p.cols; c += WG) { ms = online_push(ms, x[base + c]); }
  let total = wg_max_sumexp(lid, ms.x, ms.y);
  let log_sum = log(total.y);
  // A NaN or an infinity in the row makes every output NaN, as exp(x − max) / Σ does in IEEE arithmetic (the
  // reference's); WGSL leaves exp(NaN) and inf − inf to the implementation, so say it here.
  let bad = ieee_is_nan(total.x) || (bitcast<u32>(total.x) & 0x7fffffffu) == 0x7f800000u;
  for (var c = lid; c < p.cols; c += WG) {
    if (bad) {
      y[base + c] = ieee_nan();
      continue;
    }
    let z = x[base + c] - total.x;
    if (LOG) { y[base + c] = z - log_sum; } else { y[base + c] = exp(z) / total.y; }
  }
}

@compute @workgroup_size(WG)
fn softmax_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = row_index(wid, nwg);
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var part = 0.0;
  for (var c = lid; c < p.cols; c += WG) {
    if (LOG) { part += dy[base + c]; } else { part += dy[base + c] * y_in[base + c]; }
  }
  let s = wg_sum(lid, part);
  for (var c = lid; c < p.cols; c += WG) {
    let i = base + c;
    if (LOG) { dx[i] = dy[i] - exp(y_in[i]) * s; } else { dx[i] = y_in[i] * (dy[i] - s); }
  }
}
