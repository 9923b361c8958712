// 2-D max and average pooling in NHWC, forward and backward.
//
// Forward: one invocation per output element (n, oh, ow, c) scans its KH × KW window.
// Max pooling ignores padded positions and also writes, as a second output, the index
// ih·W + iw of the first maximum (for the backward pass). Average pooling divides by the
// number of window positions inside the image (padding excluded, as TensorFlow does).
// Backward: one invocation per input element (n, ih, iw, c) visits exactly the output
// windows that cover it (oh from ceil((ih + pad_t − KH + 1)/stride) to floor((ih + pad_t)/stride),
// likewise ow) and sums their contributions in a fixed order: no atomics, so the result
// is deterministic. A window with no valid position writes 0 (max) / contributes 0.
// Bindings: 0 params; forward: 1 x, 2 y, [3 argmax]; backward: 1 dy, [2 argmax], last dx.

override WG: u32 = 256u;

struct Params {
  n: u32, h: u32, w: u32, c: u32,
  oh: u32, ow: u32, kh: u32, kw: u32,
  stride_h: u32, stride_w: u32, pad_t: u32, pad_l: u32,
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

// Number of valid (inside-image) positions of window (oh, ow).
fn window_count(oh: u32, ow: u32) -> f32 {
  let h0 = i32(oh * p.stride_h) - i32(p.pad_t);
  let w0 = i32(ow * p.stride_w) - i32(p.pad_l);
  let hs = max(h0, 0);
  let he = min(h0 + i32(p.kh), i32(p.h));
  let ws = max(w0, 0);
  let we = min(w0 + i32(p.kw), i32(p.w));
  return f32(max(he - hs, 0) * max(we - ws, 0));
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
    let ih = i32(oh * p.stride_h + kh) - i32(p.pad_t);
    if (ih < 0 || ih >= i32(p.h)) { continue; }
    for (var kw = 0u; kw < p.kw; kw++) {
      let iw = i32(ow * p.stride_w + kw) - i32(p.pad_l);
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
    let ih = i32(oh * p.stride_h + kh) - i32(p.pad_t);
    if (ih < 0 || ih >= i32(p.h)) { continue; }
    for (var kw = 0u; kw < p.kw; kw++) {
      let iw = i32(ow * p.stride_w + kw) - i32(p.pad_l);
      if (iw < 0 || iw >= i32(p.w)) { continue; }
      acc += x[((n * p.h + u32(ih)) * p.w + u32(iw)) * p.c + c];
    }
  }
  let count = window_count(oh, ow);
  y[t] = select(0.0, acc / count, count > 0.0);
}

// Range of output rows (or columns) whose window covers input position i.
fn cover(i: u32, pad: u32, k: u32, stride: u32, out_len: u32) -> vec2<i32> {
  let hi_num = i32(i + pad);
  let lo_num = hi_num - i32(k) + 1;
  let lo = select((lo_num + i32(stride) - 1) / i32(stride), 0, lo_num <= 0);
  let hi = min(hi_num / i32(stride), i32(out_len) - 1);
  return vec2<i32>(lo, hi);
}

@compute @workgroup_size(WG)
fn pool_max_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linear(wid, lid, nwg);
  if (t >= p.n * p.h * p.w * p.c) { return; }
  let c = t % p.c;
  let iw = (t / p.c) % p.w;
  let ih = (t / (p.c * p.w)) % p.h;
  let n = t / (p.c * p.w * p.h);
  let rh = cover(ih, p.pad_t, p.kh, p.stride_h, p.oh);
  let rw = cover(iw, p.pad_l, p.kw, p.stride_w, p.ow);
  let me = i32(ih * p.w + iw);
  var acc = 0.0;
  for (var oh = rh.x; oh <= rh.y; oh++) {
    for (var ow = rw.x; ow <= rw.y; ow++) {
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
  let rh = cover(ih, p.pad_t, p.kh, p.stride_h, p.oh);
  let rw = cover(iw, p.pad_l, p.kw, p.stride_w, p.ow);
  var acc = 0.0;
  for (var oh = rh.x; oh <= rh.y; oh++) {
    for (var ow = rw.x; ow <= rw.y; ow++) {
      acc += dy[((n * p.oh + u32(oh)) * p.ow + u32(ow)) * p.c + c] / window_count(u32(oh), u32(ow));
    }
  }
  dx2[t] = acc;
}
