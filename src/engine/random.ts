// Seeded random numbers on the host (for initialisation and tests): SplitMix32 streams and Box–Muller normals.
// The same seed gives the same numbers on every backend and every run.

/** A deterministic generator of uniform floats in [0, 1) (SplitMix32, Steele et al. 2014, 32-bit variant). */
export function splitmix32(seed: number): () => number {
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

/** n uniform values in [low, high). */
export function uniformValues(n: number, seed: number, low = 0, high = 1): Float32Array {
  const next = splitmix32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = low + (high - low) * next();
  return out;
}

/** n normal values with the given mean and standard deviation (Box–Muller). */
export function normalValues(n: number, seed: number, mean = 0, std = 1): Float32Array {
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
