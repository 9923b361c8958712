// Plain TypeScript reference of Philox4x32-10 dropout, bit-identical to the kernel's mask.

/** (hi, lo) of the 64-bit product of two u32. */
function mulhilo(a: number, b: number): [number, number] {
  const aLo = a & 0xffff,
    aHi = a >>> 16,
    bLo = b & 0xffff,
    bHi = b >>> 16;
  const t = (aHi * bLo + ((aLo * bLo) >>> 16)) >>> 0;
  const w1 = ((t & 0xffff) + aLo * bHi) >>> 0;
  const hi = (aHi * bHi + (t >>> 16) + (w1 >>> 16)) >>> 0;
  return [hi, Math.imul(a, b) >>> 0];
}

/** Philox4x32-10 block for a counter and key (Salmon et al. 2011). */
export function philox4x32(
  counter: [number, number, number, number],
  key: [number, number],
): [number, number, number, number] {
  let [c0, c1, c2, c3] = counter;
  let [k0, k1] = key;
  for (let round = 0; round < 10; round++) {
    const [hi0, lo0] = mulhilo(0xd2511f53, c0);
    const [hi1, lo1] = mulhilo(0xcd9e8d57, c2);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** Whether element i is kept for drop probability p and seed. */
export function dropoutKeeps(i: number, p: number, seed: number): boolean {
  const r = philox4x32([Math.floor(i / 4), 0, 0, 0], [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0])[i & 3];
  return (r >>> 8) / 16777216 >= Math.fround(p);
}

/** y = x / (1 − p) where kept, else 0. */
export function dropoutRef(x: ArrayLike<number>, p: number, seed: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = dropoutKeeps(i, p, seed) ? x[i] / (1 - Math.fround(p)) : 0;
  return y;
}
