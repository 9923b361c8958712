// Inverted dropout with a counter-based RNG: y = x / (1 − p) where kept, 0 where dropped.
//
// Randomness: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011). Element i uses counter (i / 4, 0, 0, 0) and key (seed_lo, seed_hi) and takes
// word i mod 4 of the block, so the mask depends only on (seed, i): the same seed gives
// the same mask on every run and every device, and the backward pass regenerates the
// forward mask instead of storing it (the op applies this same kernel to dy).
// A word r keeps its element when (r >> 8) · 2⁻²⁴ ≥ p.
// WGSL has no 32×32→64-bit multiply, so mulhilo splits operands into 16-bit halves.
// Bindings: 0 params, 1 x, 2 y. Edges: invocations past `size` return early.

override WG: u32 = 256u;

struct Params {
  size: u32,
  seed_lo: u32,
  seed_hi: u32,
  p: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

// (hi, lo) words of the 64-bit product a·b.
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let t = a_hi * b_lo + ((a_lo * b_lo) >> 16u);
  let w1 = (t & 0xffffu) + a_lo * b_hi;
  let hi = a_hi * b_hi + (t >> 16u) + (w1 >> 16u);
  return vec2<u32>(hi, a * b);
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0u; round < 10u; round++) {
    let p0 = mulhilo(0xD2511F53u, c.x);
    let p1 = mulhilo(0xCD9E8D57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(0x9E3779B9u, 0xBB67AE85u);
  }
  return c;
}

@compute @workgroup_size(WG)
fn dropout(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= params.size) { return; }
  let r = philox4x32_10(vec4<u32>(i >> 2u, 0u, 0u, 0u), vec2<u32>(params.seed_lo, params.seed_hi))[i & 3u];
  let u = f32(r >> 8u) * (1.0 / 16777216.0);
  y[i] = select(0.0, x[i] / (1.0 - params.p), u >= params.p);
}
