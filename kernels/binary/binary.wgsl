// Elementwise binary ops with NumPy broadcasting.
//
// Algorithm: one invocation per output element. The output index is decomposed into
// coordinates of `shape` and mapped to each input through its own stride vector, where
// a stride of 0 repeats (broadcasts) that input along the dimension. The engine merges
// adjacent dimensions first, so same-shape inputs arrive here as rank 1.
// The op is the `OP` override constant: one specialised pipeline per op.
// Bindings: 0 params, 1 a, 2 b, 3 out. Comparisons write 1.0 or 0.0.
// Edges: invocations past `size` return early.
// (strided.wgsl and ieee.wgsl are prepended by the spec.)

override OP: u32 = 0u;
override WG: u32 = 256u;

struct Params {
  size: u32,
  rank: u32,
  pad0: u32,
  pad1: u32,
  shape: array<vec4<u32>, 2>,
  a_strides: array<vec4<u32>, 2>,
  b_strides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

fn apply(x: f32, y: f32) -> f32 {
  switch OP {
    case 0u: { return x + y; }                          // add
    case 1u: { return x - y; }                          // sub
    case 2u: { return x * y; }                          // mul
    case 3u: { return x / y; }                          // div
    case 4u: {                                          // pow (negative base with an integer exponent is allowed)
      if (x < 0.0 && y == round(y)) {
        let m = pow(-x, y);
        return select(m, -m, (i32(y) & 1) == 1);
      }
      if (x == 0.0 && y == 0.0) { return 1.0; }
      return pow(x, y);
    }
    case 5u: { return ieee_max(x, y); }                 // maximum (NaN if either is)
    case 6u: { return ieee_min(x, y); }                 // minimum (NaN if either is)
    case 7u: { return select(0.0, 1.0, x == y); }       // equal
    case 8u: { return select(0.0, 1.0, x != y); }       // notEqual
    case 9u: { return select(0.0, 1.0, x < y); }        // less
    case 10u: { return select(0.0, 1.0, x <= y); }      // lessEqual
    case 11u: { return select(0.0, 1.0, x > y); }       // greater
    case 12u: { return select(0.0, 1.0, x >= y); }      // greaterEqual
    default: { return x; }
  }
}

@compute @workgroup_size(WG)
fn binary(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
          @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.size) { return; }
  let ai = strided_offset(i, p.rank, p.shape, p.a_strides);
  let bi = strided_offset(i, p.rank, p.shape, p.b_strides);
  out[i] = apply(a[ai], b[bi]);
}
