// Seeded random numbers for every layer (kernels' tests, engine, data, workers, build scripts): one SplitMix32
// generator, its uniform/normal fills, one Fisher–Yates permutation and seed derivation for independent streams.
// Plain JavaScript in kernels/ (the leaf every layer may import) so scripts/build-datasets.mjs can run it under Node.

/**
 * A deterministic generator of uniform floats in [0, 1) (SplitMix32: Steele, Lea & Flood 2014, 32-bit variant with
 * the MurmurHash3 finaliser). Packed dataset splits, weight init and the trainer's shuffles all come from this stream,
 * so changing it changes stored results.
 */
export function splitmix32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** One standard normal draw from `next` (Box–Muller, cosine branch; takes two uniforms). */
export function gaussian(next) {
  return Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** n uniform values in [low, high). */
export function uniformValues(n, seed, low = 0, high = 1) {
  const next = splitmix32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = low + (high - low) * next();
  return out;
}

/** n normal values with the given mean and standard deviation (Box–Muller, both branches per pair of uniforms). */
export function normalValues(n, seed, mean = 0, std = 1) {
  const next = splitmix32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - next(); // (0, 1]: log is finite
    const u2 = next();
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/**
 * A seeded permutation of 0..n-1 (Fisher–Yates, Durstenfeld's in-place form, from the last index down). Every seeded
 * shuffle uses this one, so a documented "seeded shuffle (seed s)" means the same order everywhere.
 */
export function permutation(n, seed) {
  const next = splitmix32(seed);
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * The seed of sub-stream `index` of `seed` (a Weyl step then the MurmurHash3 finaliser), so that neighbouring indices
 * (one per parameter, one per dropout call) give unrelated streams rather than shifted copies of one stream.
 */
export function streamSeed(seed, index) {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
