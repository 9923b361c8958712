// Layer normalisation over the last axis of a contiguous [rows, cols] input, forward and
// input-gradient. (rows.wgsl is prepended by the spec.)
//
// Forward: one workgroup per row. Each invocation accumulates the sum and the sum of
// squares of its strided slice *around a shift* (the row's first element), which keeps the
// one-pass variance accurate when the mean is large; the workgroup reduces both, then
// y = (x − mean) · rstd · gamma + beta, with rstd = 1 / sqrt(var + eps). mean and rstd are
// written as extra outputs for the backward pass.
// Backward (input gradient): with x̂ = (x − mean)·rstd and g = dy·gamma,
// dx = rstd · (g − mean(g) − x̂ · mean(g·x̂)); two row sums in one workgroup.
// (dgamma = Σ_rows dy·x̂ and dbeta = Σ_rows dy are column sums, done by the engine.)
// Bindings: forward 0 params, 1 x, 2 gamma, 3 beta, 4 y, 5 mean, 6 rstd;
//           backward 0 params, 1 x, 2 gamma, 3 dy, 4 mean, 5 rstd, 6 dx.

struct Params {
  rows: u32,
  cols: u32,
  eps: f32,
  pad0: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;
@group(0) @binding(5) var<storage, read_write> mean_out: array<f32>;
@group(0) @binding(6) var<storage, read_write> rstd_out: array<f32>;

@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read> mean_in: array<f32>;
@group(0) @binding(5) var<storage, read> rstd_in: array<f32>;
@group(0) @binding(6) var<storage, read_write> dx: array<f32>;

@compute @workgroup_size(WG)
fn layernorm_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = row_index(wid, nwg);
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  let shift = x[base];
  var s = 0.0;
  var sq = 0.0;
  for (var c = lid; c < p.cols; c += WG) {
    let d = x[base + c] - shift;
    s += d;
    sq += d * d;
  }
  let n = f32(p.cols);
  let mean_d = wg_sum(lid, s) / n;
  let var_ = max(wg_sum(lid, sq) / n - mean_d * mean_d, 0.0);
  let mean = shift + mean_d;
  let rstd = inverseSqrt(var_ + p.eps);
  for (var c = lid; c < p.cols; c += WG) {
    y[base + c] = (x[base + c] - mean) * rstd * gamma[c] + beta[c];
  }
  if (lid == 0u) {
    mean_out[row] = mean;
    rstd_out[row] = rstd;
  }
}

@compute @workgroup_size(WG)
fn layernorm_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let row = row_index(wid, nwg);
  if (row >= p.rows) { return; }
  let base = row * p.cols;
  let mean = mean_in[row];
  let rstd = rstd_in[row];
  var sg = 0.0;
  var sgx = 0.0;
  for (var c = lid; c < p.cols; c += WG) {
    let g = dy[base + c] * gamma[c];
    sg += g;
    sgx += g * (x[base + c] - mean) * rstd;
  }
  let n = f32(p.cols);
  let mg = wg_sum(lid, sg) / n;
  let mgx = wg_sum(lid, sgx) / n;
  for (var c = lid; c < p.cols; c += WG) {
    let xhat = (x[base + c] - mean) * rstd;
    dx[base + c] = rstd * (dy[base + c] * gamma[c] - mg - xhat * mgx);
  }
}
