// Element counts and row-major strides of a shape, the one copy for every layer (kernels, engine, data, workers,
// storage and the build scripts). Plain JavaScript in kernels/ (the leaf) so scripts/*.mjs can run it under Node.

/** Number of elements of a shape (1 for a scalar's empty shape). */
export function sizeOf(shape) {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major element strides of a shape (the last axis has stride 1). */
export function stridesOf(shape) {
  const s = new Array(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
