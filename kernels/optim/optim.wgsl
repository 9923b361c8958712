// Fused optimizer updates: one invocation per parameter element reads the gradient once
// and updates the parameter and its optimizer state in place.
//
// The gradient is multiplied by `scale[0]` first, a one-element buffer the engine fills
// with the global-norm clipping factor (or 1), so clipping needs no host round trip.
// sgd_plain and sgd_momentum (NESTEROV selects Nesterov momentum), with L2 weight decay wd:
//   g' = g·s + wd·p;  plain: p -= lr·g';  momentum: v = μ·v + g', p -= lr·v (or lr·(g' + μ·v)).
// adam_update (Kingma & Ba 2015), ADAMW selects decoupled weight decay (Loshchilov & Hutter 2019):
//   Adam:  g' = g·s + wd·p;  AdamW: g' = g·s and p -= lr·wd·p first;
//   m = β1·m + (1−β1)·g';  v = β2·v + (1−β2)·g'²;
//   p -= lr · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + ε).
// Bindings: 0 params, 1 grad, 2 scale, then read_write p, [m or velocity], [v].
// Edges: invocations past `size` return early.

override WG: u32 = 256u;
override NESTEROV: bool = false;
override ADAMW: bool = false;

struct Params {
  size: u32,
  lr: f32,
  weight_decay: f32,
  momentum: f32,
  beta1: f32,
  beta2: f32,
  eps: f32,
  // 1 − β1^t and 1 − β2^t, computed on the host in double precision.
  bias1: f32,
  bias2: f32,
}

@group(0) @binding(0) var<uniform> u: Params;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read> scale: array<f32>;
@group(0) @binding(3) var<storage, read_write> param: array<f32>;
@group(0) @binding(4) var<storage, read_write> state1: array<f32>;
@group(0) @binding(5) var<storage, read_write> state2: array<f32>;

fn index(wid: vec3<u32>, lid: u32, nwg: vec3<u32>) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

@compute @workgroup_size(WG)
fn sgd_plain(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = index(wid, lid, nwg);
  if (i >= u.size) { return; }
  let p = param[i];
  param[i] = p - u.lr * (grad[i] * scale[0] + u.weight_decay * p);
}

@compute @workgroup_size(WG)
fn sgd_momentum(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = index(wid, lid, nwg);
  if (i >= u.size) { return; }
  let p = param[i];
  let g = grad[i] * scale[0] + u.weight_decay * p;
  let v = u.momentum * state1[i] + g;
  state1[i] = v;
  if (NESTEROV) {
    param[i] = p - u.lr * (g + u.momentum * v);
  } else {
    param[i] = p - u.lr * v;
  }
}

@compute @workgroup_size(WG)
fn adam_update(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = index(wid, lid, nwg);
  if (i >= u.size) { return; }
  var p = param[i];
  var g = grad[i] * scale[0];
  if (ADAMW) {
    p = p - u.lr * u.weight_decay * p;
  } else {
    g = g + u.weight_decay * p;
  }
  let m = u.beta1 * state1[i] + (1.0 - u.beta1) * g;
  let v = u.beta2 * state2[i] + (1.0 - u.beta2) * g * g;
  state1[i] = m;
  state2[i] = v;
  param[i] = p - u.lr * (m / u.bias1) / (sqrt(v / u.bias2) + u.eps);
}
