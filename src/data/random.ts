// Seeded randomness for data code (shuffles, splits, generated sets). Data may import only types from the
// engine, so it keeps its own copy of the tiny SplitMix32 generator (Steele et al. 2014).

/** Uniform floats in [0, 1) from a 32-bit seed. */
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
