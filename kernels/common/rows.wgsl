// Shared WGSL snippet for row kernels (prepended by specs, never compiled alone): one
// workgroup of WG invocations per row, with tree reductions through workgroup memory.
// Every function here contains barriers, so call it from uniform control flow only. Needs ieee.wgsl first.
// WG must be a power of two.

override WG: u32 = 256u;

var<workgroup> red_a: array<f32, WG>;
var<workgroup> red_b: array<f32, WG>;

fn row_index(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x;
}

// Sum of `v` over the workgroup, returned to every invocation.
fn wg_sum(lid: u32, v: f32) -> f32 {
  red_a[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s / 2u) {
    if (lid < s) { red_a[lid] += red_a[lid + s]; }
    workgroupBarrier();
  }
  let r = red_a[0];
  workgroupBarrier();
  return r;
}

// Combines (max, sum of exp(x - max)) pairs over the workgroup: the online-softmax merge
// (Milakov & Gimelshein 2018). Returns vec2(max, sum) to every invocation.
fn wg_max_sumexp(lid: u32, m: f32, s: f32) -> vec2<f32> {
  red_a[lid] = m;
  red_b[lid] = s;
  workgroupBarrier();
  for (var st = WG / 2u; st > 0u; st = st / 2u) {
    if (lid < st) {
      let m1 = red_a[lid];
      let s1 = red_b[lid];
      let m2 = red_a[lid + st];
      let s2 = red_b[lid + st];
      // A side with sum 0 folded no values: its max is meaningless and must not shift the other side.
      if (s1 == 0.0) {
        red_a[lid] = m2;
        red_b[lid] = s2;
      } else if (s2 != 0.0 && (ieee_is_nan(m1) || ieee_is_nan(m2))) {
        red_a[lid] = ieee_nan();
        red_b[lid] = 1.0;
      } else if (s2 != 0.0) {
        let mx = max(m1, m2);
        red_a[lid] = mx;
        red_b[lid] = s1 * exp(m1 - mx) + s2 * exp(m2 - mx);
      }
    }
    workgroupBarrier();
  }
  let r = vec2<f32>(red_a[0], red_b[0]);
  workgroupBarrier();
  return r;
}

// Folds one value into a running (max, sum of exp) pair.
// A NaN makes the pair (NaN, 1) for good, so the row's result is NaN as IEEE arithmetic would make it.
fn online_push(ms: vec2<f32>, v: f32) -> vec2<f32> {
  if (ms.y == 0.0) { return vec2<f32>(v, 1.0); }
  if (ieee_is_nan(ms.x) || ieee_is_nan(v)) { return vec2<f32>(ieee_nan(), 1.0); }
  if (v <= ms.x) { return vec2<f32>(ms.x, ms.y + exp(v - ms.x)); }
  return vec2<f32>(v, ms.y * exp(ms.x - v) + 1.0);
}
