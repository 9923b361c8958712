// Drawn digits prepared the way the MNIST digits were (LeCun et al., "The MNIST database": each NIST digit was
// size-normalised to fit a 20×20 box keeping its aspect ratio, anti-aliased to grey levels, then centred in 28×28
// by its centre of mass). Pure: the pad's pixels go in, the model's 28×28 input comes out.

/** Side of MNIST images, and of the box the ink is fitted into. */
export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;

/** Pixels brighter than this count as ink when finding the digit's bounding box (faint paper texture does not). */
const INK = 0.1;

/**
 * Weights of an area-average resampling from `n` source pixels to `m` output pixels: row o holds the fraction of
 * output pixel o that each source pixel covers (exact box filter, for shrinking and for growing).
 */
export function areaWeights(n: number, m: number): Float64Array {
  const w = new Float64Array(m * n);
  const step = n / m;
  for (let o = 0; o < m; o++) {
    const a = o * step;
    const b = a + step;
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 0) w[o * n + i] = overlap / step;
    }
  }
  return w;
}

/** Centre of mass (x, y) of a w×h grey image, with pixel centres at i + 0.5; null when it has no mass. */
export function centreOfMass(img: ArrayLike<number>, w: number, h: number): [number, number] | null {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = img[y * w + x];
      m += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  return m > 0 ? [sx / m, sy / m] : null;
}

/** The bounding box [x0, y0, x1, y1] (inclusive) of pixels above `threshold`, or null when there are none. */
export function inkBox(
  img: ArrayLike<number>,
  w: number,
  h: number,
  threshold = INK,
): [number, number, number, number] | null {
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (img[y * w + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
  return x1 < 0 ? null : [x0, y0, x1, y1];
}

/**
 * A drawing (grey levels 0–1, ink bright on dark, `w`×`h`) as an MNIST digit: the ink's bounding box is cropped,
 * scaled to fit 20×20 keeping its aspect ratio (area averaging, so a stroke's edges become grey levels as in
 * MNIST), and placed in 28×28 with its centre of mass at the centre. Null when nothing is drawn.
 */
export function mnistDigit(img: ArrayLike<number>, w: number, h: number): Float32Array | null {
  const box = inkBox(img, w, h);
  if (!box) return null;
  const [x0, y0, x1, y1] = box;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = MNIST_BOX / Math.max(bw, bh);
  const ow = Math.max(1, Math.min(MNIST_BOX, Math.round(bw * scale)));
  const oh = Math.max(1, Math.min(MNIST_BOX, Math.round(bh * scale)));
  const wx = areaWeights(bw, ow);
  const wy = areaWeights(bh, oh);
  // Separable box filter: rows first (bh × ow), then columns (oh × ow).
  const rows = new Float64Array(bh * ow);
  for (let y = 0; y < bh; y++)
    for (let o = 0; o < ow; o++) {
      let s = 0;
      for (let x = 0; x < bw; x++) {
        const k = wx[o * bw + x];
        if (k) s += k * img[(y0 + y) * w + x0 + x];
      }
      rows[y * ow + o] = s;
    }
  const small = new Float64Array(oh * ow);
  for (let o = 0; o < oh; o++)
    for (let y = 0; y < bh; y++) {
      const k = wy[o * bh + y];
      if (k) for (let x = 0; x < ow; x++) small[o * ow + x] += k * rows[y * ow + x];
    }
  const [cx, cy] = centreOfMass(small, ow, oh) ?? [ow / 2, oh / 2];
  // Whole-pixel shift (as MNIST did), so grey levels are not blurred a second time.
  const dx = Math.round(MNIST_SIZE / 2 - cx);
  const dy = Math.round(MNIST_SIZE / 2 - cy);
  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++) {
      const tx = x + dx;
      const ty = y + dy;
      if (tx >= 0 && tx < MNIST_SIZE && ty >= 0 && ty < MNIST_SIZE)
        out[ty * MNIST_SIZE + tx] = Math.min(1, small[y * ow + x]);
    }
  return out;
}
