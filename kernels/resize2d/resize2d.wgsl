// 2-D resize (nearest or bilinear) of an NHWC tensor, and its gradient — ONNX Resize for images.
//
// Coordinates: per axis, the spec turns ONNX's coordinate_transformation_mode and the scale (given, or
// out/in) into an exact fraction x(o) = (a·o + b) / den with a ≥ 0 and den > 0 (the spec's header lists
// the modes), so the source coordinate of output position o is floor q and remainder r of an integer
// division: taps never depend on float rounding and agree exactly with the float64 reference.
// MODE 0, nearest: index q, plus 1 when r > 0 and NEAREST rounds up (0 floor: never, 1 round_prefer_floor:
// 2r > den, 2 round_prefer_ceil: 2r ≥ den, 3 ceil: always), clamped to [0, in − 1].
// MODE 1, bilinear: taps clamp(q) and clamp(q + 1) with weights (1 − r/den, r/den); clamping the taps is
// ONNX's edge padding, so coordinates outside the image read the border.
// Forward: one invocation per output element, reading 1 (nearest) or 4 (bilinear) input values.
// Backward: one invocation per input element gathering from the output positions that read it. Both taps are
// monotone in o, so the readers of input index i are the range [first o whose upper tap ≥ i, first o whose
// lower tap > i), found by binary search per axis: no atomics, deterministic.
// Tiling: none (memory bound); WG invocations per workgroup, spread over x and y.
// Bindings: 0 params (n, h, w, c, oh, ow, then a, b, den for y and for x as i32), 1 source (x, or dy),
// 2 destination (y, or dx).
// Edges: invocations past the element count return early; all-integer index maths, no out-of-range reads.
// The spec guarantees |a|·out + |b| < 2³¹, so a·o + b never overflows.

override MODE: u32 = 0u;
override NEAREST: u32 = 0u;
override WG: u32 = 256u;

struct Params {
  n: u32,
  h: u32,
  w: u32,
  c: u32,
  oh: u32,
  ow: u32,
  ay: i32,
  by: i32,
  den_y: i32,
  ax: i32,
  bx: i32,
  den_x: i32,
}

// One axis: input length, output length, and the fraction (a·o + b) / den.
struct Axis {
  inn: u32,
  out: u32,
  a: i32,
  b: i32,
  den: i32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;

fn axis_y() -> Axis { return Axis(p.h, p.oh, p.ay, p.by, p.den_y); }
fn axis_x() -> Axis { return Axis(p.w, p.ow, p.ax, p.bx, p.den_x); }

// (floor, remainder) of the source coordinate of output position o; the remainder is in [0, den).
fn source(o: u32, ax: Axis) -> vec2<i32> {
  let num = ax.a * i32(o) + ax.b;
  var q = num / ax.den;
  if (num % ax.den != 0 && num < 0) { q -= 1; }
  return vec2<i32>(q, num - q * ax.den);
}

fn clamp_index(i: i32, ax: Axis) -> u32 {
  return u32(clamp(i, 0, i32(ax.inn) - 1));
}

fn rounds_up(r: i32, den: i32) -> bool {
  if (r == 0) { return false; }
  switch NEAREST {
    case 0u: { return false; }
    case 1u: { return 2 * r > den; }
    case 2u: { return 2 * r >= den; }
    default: { return true; }
  }
}

// The lower and upper input taps of output position o (equal for nearest).
fn taps(o: u32, ax: Axis) -> vec2<u32> {
  let s = source(o, ax);
  if (MODE == 0u) {
    let i = clamp_index(s.x + select(0, 1, rounds_up(s.y, ax.den)), ax);
    return vec2<u32>(i, i);
  }
  return vec2<u32>(clamp_index(s.x, ax), clamp_index(s.x + 1, ax));
}

// Weight of the upper tap (bilinear); nearest reads one tap with weight 1.
fn frac(o: u32, ax: Axis) -> f32 {
  return f32(source(o, ax).y) / f32(ax.den);
}

// The weight with which output position o reads input index i along one axis.
fn weight(o: u32, i: u32, ax: Axis) -> f32 {
  let t = taps(o, ax);
  if (MODE == 0u) { return select(0.0, 1.0, t.x == i); }
  let f = frac(o, ax);
  return select(0.0, 1.0 - f, t.x == i) + select(0.0, f, t.y == i);
}

// The output positions [first, end) that read input index i: both taps are non-decreasing in o.
fn readers(i: u32, ax: Axis) -> vec2<u32> {
  var lo = 0u;
  var hi = ax.out;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (taps(mid, ax).y >= i) { hi = mid; } else { lo = mid + 1u; }
  }
  let first = lo;
  hi = ax.out;
  while (lo < hi) {
    let mid = (lo + hi) / 2u;
    if (taps(mid, ax).x > i) { hi = mid; } else { lo = mid + 1u; }
  }
  return vec2<u32>(first, lo);
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
  let ty = taps(oy, axis_y());
  let tx = taps(ox, axis_x());
  if (MODE == 0u) {
    dst[idx] = src[(base + ty.x * p.w + tx.x) * p.c + ch];
    return;
  }
  let fy = frac(oy, axis_y());
  let fx = frac(ox, axis_x());
  let top = mix(src[(base + ty.x * p.w + tx.x) * p.c + ch], src[(base + ty.x * p.w + tx.y) * p.c + ch], fx);
  let bottom = mix(src[(base + ty.y * p.w + tx.x) * p.c + ch], src[(base + ty.y * p.w + tx.y) * p.c + ch], fx);
  dst[idx] = mix(top, bottom, fy);
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
  let ry = readers(iy, axis_y());
  let rx = readers(ix, axis_x());
  var acc = 0.0;
  for (var oy = ry.x; oy < ry.y; oy++) {
    let wy = weight(oy, iy, axis_y());
    if (wy == 0.0) { continue; }
    var row = 0.0;
    for (var ox = rx.x; ox < rx.y; ox++) {
      row += weight(ox, ix, axis_x()) * src[((b * p.oh + oy) * p.ow + ox) * p.c + ch];
    }
    acc += wy * row;
  }
  dst[idx] = acc;
}
