// 2-D resize (nearest or bilinear) of an NHWC tensor, and its gradient — ONNX Resize / Upsample for images.
//
// Coordinates, per axis with input size `inn` and output size `out` (MODE 0, nearest): the source index is
// floor(o · inn / out) ("asymmetric" + floor: PyTorch's `nearest`, Keras UpSampling2D, exact repetition for
// integer factors). MODE 1, bilinear with half-pixel centres (PyTorch align_corners=False, ONNX half_pixel,
// TF2): src = (o + ½) · inn / out − ½, clamped at 0; the two taps are floor(src) and min(floor(src) + 1, inn − 1)
// with weights (1 − frac, frac). Both are computed in integers — src = ((2o + 1)·inn − out) / (2·out) — so the
// taps never depend on float rounding and agree exactly with the float64 reference.
// Forward: one invocation per output element, reading 1 (nearest) or 4 (bilinear) input values.
// Backward: one invocation per input element gathering from the output positions that read it, found by
// inverting the monotone tap formula per axis (a range of about out/inn + 2 positions), so it needs no atomics
// and is deterministic. Tiling: none (memory bound); WG invocations per workgroup, spread over x and y.
// Bindings: 0 params (n, h, w, c, oh, ow), 1 source (x, or dy), 2 destination (y, or dx).
// Edges: invocations past the element count return early; all-integer index maths, no out-of-range reads.

override MODE: u32 = 0u;
override WG: u32 = 256u;

struct Params {
  n: u32,
  h: u32,
  w: u32,
  c: u32,
  oh: u32,
  ow: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

// The bilinear taps of output position o along one axis: (first tap, weight of the second tap).
fn taps(o: u32, inn: u32, out: u32) -> vec2<f32> {
  let num = i32((2u * o + 1u) * inn) - i32(out);
  if (num <= 0) {
    return vec2<f32>(0.0, 0.0);
  }
  let den = i32(2u * out);
  return vec2<f32>(f32(num / den), f32(num % den) / f32(den));
}

// The weight with which output position o reads input index i along one axis.
fn weight(o: u32, i: u32, inn: u32, out: u32) -> f32 {
  if (MODE == 0u) {
    return select(0.0, 1.0, (o * inn) / out == i);
  }
  let t = taps(o, inn, out);
  let i0 = u32(t.x);
  let i1 = min(i0 + 1u, inn - 1u);
  return select(0.0, 1.0 - t.y, i0 == i) + select(0.0, t.y, i1 == i);
}

// ceil(a / b) for b > 0, and 0 for a <= 0 (the first output position cannot be negative).
fn ceil_pos(a: i32, b: i32) -> u32 {
  return select(0u, u32((a + b - 1) / b), a > 0);
}

// The output positions [first, last + 1) along one axis that may read input index i.
fn readers(i: u32, inn: u32, out: u32) -> vec2<u32> {
  if (MODE == 0u) {
    return vec2<u32>(ceil_pos(i32(i * out), i32(inn)), min(out, ceil_pos(i32((i + 1u) * out), i32(inn))));
  }
  // Tap i0(o) is monotone; readers have i0(o) ∈ {i − 1, i}: i0(o) ≥ j ⇔ (2o + 1)·inn − out ≥ 2·out·j.
  let lo = select(0u, ceil_pos(i32(2u * out * (i - 1u) + out) - i32(inn), i32(2u * inn)), i >= 2u);
  let hi = ceil_pos(i32(2u * out * (i + 1u) + out) - i32(inn), i32(2u * inn));
  return vec2<u32>(lo, min(out, hi));
}

@compute @workgroup_size(WG)
fn resize2d_forward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                    @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = (wid.x + wid.y * nwg.x) * WG + lid;
  if (idx >= p.n * p.oh * p.ow * p.c) { return; }
  let ch = idx % p.c;
  let ox = (idx / p.c) % p.ow;
  let oy = (idx / (p.c * p.ow)) % p.oh;
  let b = idx / (p.c * p.ow * p.oh);
  let base = b * p.h * p.w;
  if (MODE == 0u) {
    let sy = (oy * p.h) / p.oh;
    let sx = (ox * p.w) / p.ow;
    dst[idx] = src[(base + sy * p.w + sx) * p.c + ch];
    return;
  }
  let ty = taps(oy, p.h, p.oh);
  let tx = taps(ox, p.w, p.ow);
  let y0 = u32(ty.x);
  let y1 = min(y0 + 1u, p.h - 1u);
  let x0 = u32(tx.x);
  let x1 = min(x0 + 1u, p.w - 1u);
  let top = mix(src[(base + y0 * p.w + x0) * p.c + ch], src[(base + y0 * p.w + x1) * p.c + ch], tx.y);
  let bottom = mix(src[(base + y1 * p.w + x0) * p.c + ch], src[(base + y1 * p.w + x1) * p.c + ch], tx.y);
  dst[idx] = mix(top, bottom, ty.y);
}

@compute @workgroup_size(WG)
fn resize2d_backward(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                     @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = (wid.x + wid.y * nwg.x) * WG + lid;
  if (idx >= p.n * p.h * p.w * p.c) { return; }
  let ch = idx % p.c;
  let ix = (idx / p.c) % p.w;
  let iy = (idx / (p.c * p.w)) % p.h;
  let b = idx / (p.c * p.w * p.h);
  let ry = readers(iy, p.h, p.oh);
  let rx = readers(ix, p.w, p.ow);
  var acc = 0.0;
  for (var oy = ry.x; oy < ry.y; oy++) {
    let wy = weight(oy, iy, p.h, p.oh);
    if (wy == 0.0) { continue; }
    var row = 0.0;
    for (var ox = rx.x; ox < rx.y; ox++) {
      row += weight(ox, ix, p.w, p.ow) * src[((b * p.oh + oy) * p.ow + ox) * p.c + ch];
    }
    acc += wy * row;
  }
  dst[idx] = acc;
}
