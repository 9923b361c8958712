// Row reductions: sum (times a scale, which gives mean), max, min and argmax over the
// last axis of a contiguous [rows, cols] input. The engine permutes any set of reduced
// axes to the end first, so this one kernel serves every axis combination.
//
// Algorithm: one workgroup per row. Each of the WG invocations folds a strided slice
// of the row (cols i, i+WG, i+2WG, ...) into a register, then the workgroup combines
// the WG partials by a tree reduction in shared memory (WG floats, plus WG indices
// for argmax). Rows are spread over x and y when there are more than 65535.
// Bindings: 0 params, 1 x, 2 out (f32, or i32 for argmax).
// Edges: invocations whose column is past `cols` contribute the identity; argmax breaks
// ties towards the lowest index.

override OP: u32 = 0u;   // 0 sum, 1 max, 2 min, 3 argmax
override WG: u32 = 256u;

struct Params {
  rows: u32,
  cols: u32,
  scale: f32,
  zero: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> out_index: array<i32>;

var<workgroup> partial: array<f32, WG>;
var<workgroup> partial_index: array<u32, WG>;

const BIG: f32 = 3.402823e38;

const NEG_INF_BITS: u32 = 0xff800000u;
const POS_INF_BITS: u32 = 0x7f800000u;

fn identity() -> f32 {
  switch OP {
    // Infinities cannot be constant expressions in WGSL; `zero` (a uniform 0) makes them runtime values.
    case 1u: { return bitcast<f32>(NEG_INF_BITS | p.zero); }
    case 2u: { return bitcast<f32>(POS_INF_BITS | p.zero); }
    default: { return 0.0; }
  }
}

fn combine(acc: f32, v: f32) -> f32 {
  switch OP {
    case 1u: { return ieee_max(acc, v); }
    case 2u: { return ieee_min(acc, v); }
    default: { return acc + v; }
  }
}

@compute @workgroup_size(WG)
fn reduce_rows(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
               @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.x + wid.y * nwg.x;
  // `row` is uniform across the workgroup, so the early return keeps barriers uniform.
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var acc = identity();
  for (var c = lid; c < p.cols; c += WG) {
    acc = combine(acc, x[base + c]);
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      partial[lid] = combine(partial[lid], partial[lid + stride]);
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out[row] = partial[0] * p.scale;
  }
}

@compute @workgroup_size(WG)
fn reduce_argmax(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                 @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var best = -BIG;
  var best_i = 0xffffffffu;
  for (var c = lid; c < p.cols; c += WG) {
    let v = x[base + c];
    if (v > best || best_i == 0xffffffffu) {
      best = v;
      best_i = c;
    }
  }
  partial[lid] = best;
  partial_index[lid] = best_i;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let v = partial[lid + stride];
      let vi = partial_index[lid + stride];
      let take = vi != 0xffffffffu && (partial_index[lid] == 0xffffffffu || v > partial[lid]
        || (v == partial[lid] && vi < partial_index[lid]));
      if (take) {
        partial[lid] = v;
        partial_index[lid] = vi;
      }
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    out_index[row] = i32(partial_index[0]);
  }
}

// One invocation per row, for short rows: a serial fold, no shared memory, no barriers.
@compute @workgroup_size(WG)
fn reduce_rows_short(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var acc = identity();
  for (var c = 0u; c < p.cols; c++) {
    acc = combine(acc, x[base + c]);
  }
  out[row] = acc * p.scale;
}

@compute @workgroup_size(WG)
fn reduce_argmax_short(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = gid.x + gid.y * nwg.x * WG;
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var best = x[base];
  var best_i = 0u;
  for (var c = 1u; c < p.cols; c++) {
    let v = x[base + c];
    if (v > best) {
      best = v;
      best_i = c;
    }
  }
  out_index[row] = i32(best_i);
}
