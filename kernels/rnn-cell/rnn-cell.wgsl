// Fused gate kernels of the recurrent cells, forward and backward. The recurrent matmul h·R (and the
// input projection x·W + b for all time steps) run on the GEMM kernel; everything that happens between
// one step's matmul and the next happens here, in one dispatch per step instead of a dozen elementwise
// ones. One invocation per (batch row b, unit j); it reads the gate pre-activations of unit j from every
// gate block, so no invocation depends on another.
//
// LSTM (gates [i, f, g, o], Hochreiter & Schmidhuber 1997 with a forget gate). The state is one
// [B, 2U] tensor, h in columns [0, U) and c in [U, 2U), so a step has a single input and output state:
//   z = xt + hr;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_g)
//   c' = f·c + i·g;  h' = o·tanh(c')
// Backward (dh', dc' from the next state's gradient; gates recomputed from xt + hr, never stored):
//   dc = dc' + dh'·o·(1 − tanh²c');  dz_i = dc·g·i(1−i);  dz_f = dc·c·f(1−f);  dz_g = dc·i·(1−g²)
//   dz_o = dh'·tanh(c')·o(1−o);  d state: h part 0 (h reaches the next step only through hr), c part dc·f.
//   dz is the gradient of both xt and hr.
// GRU (gates [z, r, n], reset applied after the recurrent matmul, Cho et al. 2014 as in PyTorch / Keras
// reset_after):
//   z = σ(xz + hz);  r = σ(xr + hr_r);  n = tanh(xn + r·hn);  h' = (1 − z)·n + z·h
// Backward: dn_pre = dh'·(1−z)·(1−n²);  dz_pre = dh'·(h − n)·z(1−z);  dr_pre = dn_pre·hn·r(1−r)
//   dxt = [dz_pre, dr_pre, dn_pre];  dhr = [dz_pre, dr_pre, dn_pre·r];  dh = dh'·z.
// Numerics: sigmoid in the form that never overflows exp; tanh clamps its argument at ±15.
// Edges: invocations past B·U return early; any B and U.
// Bindings (params at 0 in every entry point):
//   lstm_cell_forward  1 xt [B,4U], 2 hr [B,4U], 3 state [B,2U], 4 state_next [B,2U]
//   lstm_cell_backward 1 xt, 2 hr, 3 state, 4 d_next [B,2U], 5 dz [B,4U], 6 d_state [B,2U]
//   gru_cell_forward   1 xt [B,3U], 2 hr [B,3U], 3 state = h [B,U], 4 state_next = h' [B,U]
//   gru_cell_backward  1 xt, 2 hr, 3 state = h, 4 d_next [B,U], 5 dxt [B,3U], 6 dhr [B,3U], 7 dh [B,U]

override WG: u32 = 64u;

struct Params {
  batch: u32,
  units: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> xt: array<f32>;
@group(0) @binding(2) var<storage, read> hr: array<f32>;
@group(0) @binding(3) var<storage, read> state: array<f32>;
@group(0) @binding(4) var<storage, read_write> state_next: array<f32>;

@group(0) @binding(4) var<storage, read> d_next: array<f32>;
@group(0) @binding(5) var<storage, read_write> dz: array<f32>;
@group(0) @binding(6) var<storage, read_write> d_state: array<f32>;

@group(0) @binding(5) var<storage, read_write> dxt: array<f32>;
@group(0) @binding(6) var<storage, read_write> dhr: array<f32>;
@group(0) @binding(7) var<storage, read_write> dh: array<f32>;

fn sigmoid(v: f32) -> f32 {
  if (v >= 0.0) {
    return 1.0 / (1.0 + exp(-v));
  }
  let e = exp(v);
  return e / (1.0 + e);
}

fn safe_tanh(v: f32) -> f32 {
  return tanh(clamp(v, -15.0, 15.0));
}

/** Linear invocation index over a 2D grid of workgroups. */
fn cell_index(wid: vec3<u32>, lid: u32, nwg: vec3<u32>) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

/** The LSTM gates (i, f, g, o) of the unit whose first pre-activation sits at zb (blocks u apart). */
fn lstm_gates(zb: u32, u: u32) -> vec4<f32> {
  return vec4<f32>(
    sigmoid(xt[zb] + hr[zb]),
    sigmoid(xt[zb + u] + hr[zb + u]),
    safe_tanh(xt[zb + 2u * u] + hr[zb + 2u * u]),
    sigmoid(xt[zb + 3u * u] + hr[zb + 3u * u]),
  );
}

/** The GRU update and reset gates (z, r) of the unit whose first pre-activation sits at zb. */
fn gru_update_reset(zb: u32, u: u32) -> vec2<f32> {
  return vec2<f32>(sigmoid(xt[zb] + hr[zb]), sigmoid(xt[zb + u] + hr[zb + u]));
}

@compute @workgroup_size(WG)
fn lstm_cell_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = cell_index(wid, lid, nwg);
  let u = p.units;
  if (idx >= p.batch * u) { return; }
  let b = idx / u;
  let j = idx % u;
  let zb = b * 4u * u + j;
  let sb = b * 2u * u + j;
  let q = lstm_gates(zb, u);
  let i = q.x;
  let f = q.y;
  let g = q.z;
  let o = q.w;
  let c = f * state[sb + u] + i * g;
  state_next[sb] = o * safe_tanh(c);
  state_next[sb + u] = c;
}

@compute @workgroup_size(WG)
fn lstm_cell_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = cell_index(wid, lid, nwg);
  let u = p.units;
  if (idx >= p.batch * u) { return; }
  let b = idx / u;
  let j = idx % u;
  let zb = b * 4u * u + j;
  let sb = b * 2u * u + j;
  let q = lstm_gates(zb, u);
  let i = q.x;
  let f = q.y;
  let g = q.z;
  let o = q.w;
  let c_prev = state[sb + u];
  let tc = safe_tanh(f * c_prev + i * g);
  let dh_next = d_next[sb];
  let dc = d_next[sb + u] + dh_next * o * (1.0 - tc * tc);
  dz[zb] = dc * g * i * (1.0 - i);
  dz[zb + u] = dc * c_prev * f * (1.0 - f);
  dz[zb + 2u * u] = dc * i * (1.0 - g * g);
  dz[zb + 3u * u] = dh_next * tc * o * (1.0 - o);
  d_state[sb] = 0.0;
  d_state[sb + u] = dc * f;
}

@compute @workgroup_size(WG)
fn gru_cell_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = cell_index(wid, lid, nwg);
  let u = p.units;
  if (idx >= p.batch * u) { return; }
  let b = idx / u;
  let j = idx % u;
  let zb = b * 3u * u + j;
  let zr = gru_update_reset(zb, u);
  let z = zr.x;
  let r = zr.y;
  let n = safe_tanh(xt[zb + 2u * u] + r * hr[zb + 2u * u]);
  state_next[idx] = (1.0 - z) * n + z * state[idx];
}

@compute @workgroup_size(WG)
fn gru_cell_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = cell_index(wid, lid, nwg);
  let u = p.units;
  if (idx >= p.batch * u) { return; }
  let b = idx / u;
  let j = idx % u;
  let zb = b * 3u * u + j;
  let zr = gru_update_reset(zb, u);
  let z = zr.x;
  let r = zr.y;
  let hn = hr[zb + 2u * u];
  let n = safe_tanh(xt[zb + 2u * u] + r * hn);
  let g = d_next[idx];
  let dn_pre = g * (1.0 - z) * (1.0 - n * n);
  let dz_pre = g * (state[idx] - n) * z * (1.0 - z);
  let dr_pre = dn_pre * hn * r * (1.0 - r);
  dxt[zb] = dz_pre;
  dxt[zb + u] = dr_pre;
  dxt[zb + 2u * u] = dn_pre;
  dhr[zb] = dz_pre;
  dhr[zb + u] = dr_pre;
  dhr[zb + 2u * u] = dn_pre * r;
  dh[idx] = g * z;
}
