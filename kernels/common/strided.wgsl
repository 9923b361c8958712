// Shared WGSL snippet (prepended by kernel specs, never compiled alone): maps a linear
// output index to an input offset through a shape and a stride vector of up to 8 dims.
// Shapes and strides travel in uniforms as array<vec4<u32>, 2>; a stride of 0 broadcasts.

fn dim_at(v: array<vec4<u32>, 2>, d: u32) -> u32 {
  return v[d >> 2u][d & 3u];
}

fn strided_offset(linear: u32, rank: u32, shape: array<vec4<u32>, 2>, strides: array<vec4<u32>, 2>) -> u32 {
  var rem = linear;
  var off = 0u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let n = dim_at(shape, u32(d));
    off += (rem % n) * dim_at(strides, u32(d));
    rem = rem / n;
  }
  return off;
}
