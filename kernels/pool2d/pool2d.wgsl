// 2-D max and average pooling in NHWC, forward and backward.
//
// Forward: one invocation per output element (n, oh, ow, c) scans its KH × KW window, whose taps
// sit `dil` apart: ih = oh·stride + kh·dil − pad_t (likewise iw).
// Max pooling ignores padded positions and also writes, as a second output, the index
// ih·W + iw of the first maximum (for the backward pass). Average pooling divides by the
// number of window taps inside the image (padding excluded, as TensorFlow does), or with
// COUNT_PAD by the taps inside the padded image [−pad_t, H + pad_b) × [−pad_l, W + pad_r)
// (ONNX count_include_pad, PyTorch's default); taps a ceil-mode window adds past the padded
// image never count.
// Backward: one invocation per input element (n, ih, iw, c) visits exactly the output
// windows that cover it — for each tap kh, the window oh = (ih + pad_t − kh·dil)/stride when that
// divides exactly and lies inside, likewise ow — and sums their contributions in a fixed order:
// no atomics, so the result is deterministic. A window with no valid tap writes 0 (max) /
// contributes 0.
// Bindings: 0 params; forward: 1 x, 2 y, [3 argmax]; backward: 1 dy, [2 argmax], last dx.

override WG: u32 = 256u;
override COUNT_PAD: bool = false;

struct Params {
  n: u32, h: u32, w: u32, c: u32,
  oh: u32, ow: u32, kh: u32, kw: u32,
  stride_h: u32, stride_w: u32, pad_t: u32, pad_l: u32,
  dil_h: u32, dil_w: u32, pad_b: u32, pad_r: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
// max forward
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> arg: array<i32>;
// max backward: dy, argmax → dx
@group(0) @binding(1) var<storage, read> dy: array<f32>;
@group(0) @binding(2) var<storage, read> arg_in: array<i32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
// avg backward: dy → dx2
@group(0) @binding(2) var<storage, read_write> dx2: array<f32>;

fn linear(wid: vec3<u32>, lid: u32, nwg: vec3<u32>) -> u32 {
  return (wid.x + wid.y * nwg.x) * WG + lid;
}

// Taps of a window starting at `start` (k taps, `dil` apart) that fall in [lo, hi).
fn taps_inside(start: i32, k: u32, dil: u32, lo: i32, hi: i32) -> i32 {
  var count = 0;
  for (var t = 0u; t < k; t++) {
    let i = start + i32(t * dil);
    if (i >= lo && i < hi) { count++; }
  }
  return count;
}

// The divisor of window (oh, ow): its taps inside the image, or inside the padded image with COUNT_PAD.
fn window_count(oh: u32, ow: u32) -> f32 {
  let h0 = i32(oh * p.stride_h) - i32(p.pad_t);
  let w0 = i32(ow * p.stride_w) - i32(p.pad_l);
  if (COUNT_PAD) {
    return f32(taps_inside(h0, p.kh, p.dil_h, -i32(p.pad_t), i32(p.h + p.pad_b)) *
               taps_inside(w0, p.kw, p.dil_w, -i32(p.pad_l), i32(p.w + p.pad_r)));
  }
  return f32(taps_inside(h0, p.kh, p.dil_h, 0, i32(p.h)) * taps_inside(w0, p.kw, p.dil_w, 0, i32(p.w)));
}

@compute @workgroup_size(WG)
fn pool_max_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear(wid, lid, nwg);
  if (t >= p.n * p.oh * p.ow * p.c) { return; }
  let c = t % p.c;
  let ow = (t / p.c) % p.ow;
  let oh = (t / (p.c * p.ow)) % p.oh;
  let n = t / (p.c * p.ow * p.oh);
  var best = 0.0;
  var best_i = -1;
  for (var kh = 0u; kh < p.kh; kh++) {
    let ih = i32(oh * p.stride_h + kh * p.dil_h) - i32(p.pad_t);
    if (ih < 0 || ih >= i32(p.h)) { continue; }
    for (var kw = 0u; kw < p.kw; kw++) {
      let iw = i32(ow * p.stride_w + kw * p.dil_w) - i32(p.pad_l);
      if (iw < 0 || iw >= i32(p.w)) { continue; }
      let v = x[((n * p.h + u32(ih)) * p.w + u32(iw)) * p.c + c];
      // The first NaN in the window wins (as IEEE max does), and the gradient flows to it.
      if (best_i < 0 || (!ieee_is_nan(best) && (v > best || ieee_is_nan(v)))) {
        best = v;
        best_i = ih * i32(p.w) + iw;
      }
    }
  }
  y[t] = best;
  arg[t] = best_i;
}

@compute @workgroup_size(WG)
fn pool_avg_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear(wid, lid, nwg);
  if (t >= p.n * p.oh * p.ow * p.c) { return; }
  let c = t % p.c;
  let ow = (t / p.c) % p.ow;
  let oh = (t / (p.c * p.ow)) % p.oh;
  let n = t / (p.c * p.ow * p.oh);
  var acc = 0.0;
  for (var kh = 0u; kh < p.kh; kh++) {
    let ih = i32(oh * p.stride_h + kh * p.dil_h) - i32(p.pad_t);
    if (ih < 0 || ih >= i32(p.h)) { continue; }
    for (var kw = 0u; kw < p.kw; kw++) {
      let iw = i32(ow * p.stride_w + kw * p.dil_w) - i32(p.pad_l);
      if (iw < 0 || iw >= i32(p.w)) { continue; }
      acc += x[((n * p.h + u32(ih)) * p.w + u32(iw)) * p.c + c];
    }
  }
  let count = window_count(oh, ow);
  y[t] = select(0.0, acc / count, count > 0.0);
}

// The output row (or column) whose tap t covers input position i, or -1 when none does.
fn cover(i: u32, t: u32, pad: u32, dil: u32, stride: u32, out_len: u32) -> i32 {
  let num = i32(i + pad) - i32(t * dil);
  if (num < 0 || u32(num) % stride != 0u) { return -1; }
  let o = u32(num) / stride;
  return select(-1, i32(o), o < out_len);
}

@compute @workgroup_size(WG)
fn pool_max_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear(wid, lid, nwg);
  if (t >= p.n * p.h * p.w * p.c) { return; }
  let c = t % p.c;
  let iw = (t / p.c) % p.w;
  let ih = (t / (p.c * p.w)) % p.h;
  let n = t / (p.c * p.w * p.h);
  let me = i32(ih * p.w + iw);
  var acc = 0.0;
  for (var th = 0u; th < p.kh; th++) {
    let oh = cover(ih, th, p.pad_t, p.dil_h, p.stride_h, p.oh);
    if (oh < 0) { continue; }
    for (var tw = 0u; tw < p.kw; tw++) {
      let ow = cover(iw, tw, p.pad_l, p.dil_w, p.stride_w, p.ow);
      if (ow < 0) { continue; }
      let o = ((n * p.oh + u32(oh)) * p.ow + u32(ow)) * p.c + c;
      if (arg_in[o] == me) { acc += dy[o]; }
    }
  }
  dx[t] = acc;
}

@compute @workgroup_size(WG)
fn pool_avg_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear(wid, lid, nwg);
  if (t >= p.n * p.h * p.w * p.c) { return; }
  let c = t % p.c;
  let iw = (t / p.c) % p.w;
  let ih = (t / (p.c * p.w)) % p.h;
  let n = t / (p.c * p.w * p.h);
  var acc = 0.0;
  for (var th = 0u; th < p.kh; th++) {
    let oh = cover(ih, th, p.pad_t, p.dil_h, p.stride_h, p.oh);
    if (oh < 0) { continue; }
    for (var tw = 0u; tw < p.kw; tw++) {
      let ow = cover(iw, tw, p.pad_l, p.dil_w, p.stride_w, p.ow);
      if (ow < 0) { continue; }
      acc += dy[((n * p.oh + u32(oh)) * p.ow + u32(ow)) * p.c + c] / window_count(u32(oh), u32(ow));
    }
  }
  dx2[t] = acc;
}
