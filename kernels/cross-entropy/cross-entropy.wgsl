// Fused softmax cross-entropy with integer labels, label smoothing and an ignore index.
// (rows.wgsl is prepended by the spec.)
//
// Forward: one workgroup per row of logits [rows, classes]. The online-softmax reduction
// gives lse = log Σ exp(x) (max-shifted, so logits of ±1e4 are exact), then with the
// smoothed target q = (1 − ε)·onehot(label) + ε/C:
//   loss = lse − (1 − ε)·x[label] − (ε/C)·Σ x.
// Rows whose label equals IGNORE get loss 0; a label outside [0, C) gives NaN, so a bad
// dataset shows up as a NaN loss instead of silently training on garbage.
// lse is written as a second output for the backward pass.
// Backward: dlogits = dloss[row] · (softmax(x) − q), 0 for ignored rows.
// Bindings: forward 0 params, 1 logits, 2 labels, 3 loss, 4 lse;
//           backward 0 params, 1 logits, 2 labels, 3 lse, 4 dloss, 5 dlogits.

struct Params {
  rows: u32,
  cols: u32,
  smoothing: f32,
  ignore_index: i32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<i32>;
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;
@group(0) @binding(4) var<storage, read_write> lse_out: array<f32>;

@group(0) @binding(3) var<storage, read> lse_in: array<f32>;
@group(0) @binding(4) var<storage, read> dloss: array<f32>;
@group(0) @binding(5) var<storage, read_write> dlogits: array<f32>;

@compute @workgroup_size(WG)
fn cross_entropy_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = row_index(wid, nwg);
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  var ms = vec2<f32>(0.0, 0.0);
  var sum_x = 0.0;
  for (var c = lid; c < p.cols; c += WG) {
    let v = logits[base + c];
    ms = online_push(ms, v);
    sum_x += v;
  }
  let total = wg_max_sumexp(lid, ms.x, ms.y);
  let sx = wg_sum(lid, sum_x);
  if (lid == 0u) {
    let lse = total.x + log(total.y);
    lse_out[row] = lse;
    let label = labels[row];
    if (label == p.ignore_index) {
      loss[row] = 0.0;
    } else if (label < 0 || u32(label) >= p.cols) {
      let nan_bits = 0x7fc00000u;
      loss[row] = bitcast<f32>(nan_bits);
    } else {
      let eps = p.smoothing;
      loss[row] = lse - (1.0 - eps) * logits[base + u32(label)] - eps / f32(p.cols) * sx;
    }
  }
}

@compute @workgroup_size(WG)
fn cross_entropy_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = row_index(wid, nwg);
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  let label = labels[row];
  let ignored = label == p.ignore_index || label < 0 || u32(label) >= p.cols;
  let g = dloss[row];
  let lse = lse_in[row];
  let eps = p.smoothing;
  for (var c = lid; c < p.cols; c += WG) {
    if (ignored) {
      dlogits[base + c] = 0.0;
    } else {
      var q = eps / f32(p.cols);
      if (i32(c) == label) { q += 1.0 - eps; }
      dlogits[base + c] = g * (exp(logits[base + c] - lse) - q);
    }
  }
}
