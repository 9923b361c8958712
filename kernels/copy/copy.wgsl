// Strided copy and fill: the one data-movement kernel behind transpose/permute, slice,
// pad, concat, broadcastTo and making a view contiguous.
//
// Algorithm: one invocation per element of the copied region `shape`. The linear
// index is decomposed into coordinates and mapped to a source offset
// (src_offset + Σ c·src_stride) and a destination offset (dst_offset + Σ c·dst_stride).
// Words are copied as raw u32, so the kernel serves f32, i32 and u32 alike.
// `copy_fill` writes one 32-bit pattern to every word of the output.
// Bindings: 0 params, 1 src, 2 dst (read_write; regions not covered keep their contents);
// copy_fill: 0 params, 1 dst; copy_cast: 0 params (size), 1 src, 2 dst.
// Edges: invocations past `size` return early.
// (strided.wgsl is prepended by the spec.)

override WG: u32 = 256u;

struct Params {
  size: u32,
  rank: u32,
  src_offset: u32,
  dst_offset: u32,
  shape: array<vec4<u32>, 2>,
  src_strides: array<vec4<u32>, 2>,
  dst_strides: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> dst: array<u32>;

struct FillParams {
  size: u32,
  value: u32,
}
@group(0) @binding(0) var<uniform> fp: FillParams;
@group(0) @binding(1) var<storage, read_write> fill_dst: array<u32>;

@compute @workgroup_size(WG)
fn copy_strided(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
                @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= p.size) { return; }
  let s = p.src_offset + strided_offset(i, p.rank, p.shape, p.src_strides);
  let d = p.dst_offset + strided_offset(i, p.rank, p.shape, p.dst_strides);
  dst[d] = src[s];
}

// copy_cast converts dtypes elementwise: CAST 0 i32 → f32, 1 u32 → f32, 2 f32 → i32 (toward zero).
override CAST: u32 = 0u;

@compute @workgroup_size(WG)
fn copy_cast(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
             @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= fp.size) { return; }
  let w = src[i];
  switch CAST {
    case 0u: { dst[i] = bitcast<u32>(f32(bitcast<i32>(w))); }
    case 1u: { dst[i] = bitcast<u32>(f32(w)); }
    default: { dst[i] = bitcast<u32>(i32(bitcast<f32>(w))); }
  }
}

@compute @workgroup_size(WG)
fn copy_fill(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32,
             @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= fp.size) { return; }
  fill_dst[i] = fp.value;
}
