// where(cond, a, b): out = cond != 0 ? a : b, with NumPy broadcasting of all three inputs.
//
// Algorithm: one invocation per output element; each input is read through its own
// stride vector over the output shape (stride 0 broadcasts), as in binary.wgsl.
// Bindings: 0 params, 1 cond, 2 a, 3 b, 4 out. Edges: invocations past `size` return.
// (strided.wgsl is prepended by the spec.)

override WG: u32 = 256u;

struct Params {
  size: u32,
  rank: u32,
  pad0: u32,
  pad1: u32,
  shape: array<vec4<u32>, 2>,
  c_strides: array<vec4<u32>, 2>,
  a_strides: array<vec4<u32>, 2>,
  b_strides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> cond: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(WG)
fn where_select(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.size) { return; }
  let c = cond[strided_offset(i, p.rank, p.shape, p.c_strides)];
  let x = a[strided_offset(i, p.rank, p.shape, p.a_strides)];
  let y = b[strided_offset(i, p.rank, p.shape, p.b_strides)];
  out[i] = select(y, x, c != 0.0);
}
