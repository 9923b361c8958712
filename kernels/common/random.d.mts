// Types of kernels/common/random.mjs (seeded random numbers shared by every layer and the build scripts).

/** A deterministic generator of uniform floats in [0, 1) (SplitMix32). */
export function splitmix32(seed: number): () => number;
/** One standard normal draw from `next` (Box–Muller, cosine branch; takes two uniforms). */
export function gaussian(next: () => number): number;
/** n uniform values in [low, high). */
export function uniformValues(n: number, seed: number, low?: number, high?: number): Float32Array<ArrayBuffer>;
/** n normal values with the given mean and standard deviation (Box–Muller). */
export function normalValues(n: number, seed: number, mean?: number, std?: number): Float32Array<ArrayBuffer>;
/** A seeded permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, seed: number): Uint32Array<ArrayBuffer>;
/** The seed of sub-stream `index` of `seed`, unrelated to its neighbours' streams. */
export function streamSeed(seed: number, index: number): number;
