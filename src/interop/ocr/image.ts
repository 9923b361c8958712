// Pictures as the OCR models want them: RGBA pixels (ImageData's layout) resized with bilinear sampling, quads
// cut out with an affine warp, and packed into normalised NCHW tensors in BGR order (PaddleOCR reads images with
// OpenCV, so its models were trained on blue-green-red channels).
import { distance, type Quad } from './geometry.ts';

/** Pixels in ImageData's layout: `width × height × 4` bytes, RGBA, rows top to bottom. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Checks that a picture's buffer matches its size, so a bad decode fails here with a sentence. */
export function checkImage(img: RgbaImage): void {
  if (!(img.width >= 1 && img.height >= 1) || img.data.length !== img.width * img.height * 4)
    throw new Error(
      `The picture is ${img.width}×${img.height} but holds ${img.data.length} bytes; RGBA pixels need ${img.width * img.height * 4}.`,
    );
}

/** Samples channel c at (x, y) in source pixel coordinates with bilinear weights; outside the picture is clamped. */
function sample(img: RgbaImage, x: number, y: number, c: number): number {
  const x0 = Math.max(0, Math.min(img.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(img.height - 1, Math.floor(y)));
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const d = img.data;
  const w = img.width;
  const top = d[(y0 * w + x0) * 4 + c] * (1 - fx) + d[(y0 * w + x1) * 4 + c] * fx;
  const bottom = d[(y1 * w + x0) * 4 + c] * (1 - fx) + d[(y1 * w + x1) * 4 + c] * fx;
  return top * (1 - fy) + bottom * fy;
}

/** Bilinear resize with pixel centres aligned (OpenCV's INTER_LINEAR convention). */
export function resize(img: RgbaImage, width: number, height: number): RgbaImage {
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) * sy - 0.5;
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) * sx - 0.5;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = sample(img, u, v, c);
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/**
 * Cuts a quad out of the picture into an upright `width × height` crop: corner 0 lands top-left, 1 top-right,
 * 3 bottom-left. Our quads are rectangles, so an affine map through three corners is the exact perspective warp.
 */
export function warpQuad(img: RgbaImage, q: Quad, width: number, height: number): RgbaImage {
  const out = new Uint8ClampedArray(width * height * 4);
  const [p0, p1, , p3] = q;
  const ax = (p1.x - p0.x) / width;
  const ay = (p1.y - p0.y) / width;
  const bx = (p3.x - p0.x) / height;
  const by = (p3.y - p0.y) / height;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      // Destination pixel centres map to source positions; -0.5 turns them back into sample coordinates.
      const u = p0.x + (x + 0.5) * ax + (y + 0.5) * bx - 0.5;
      const v = p0.y + (x + 0.5) * ay + (y + 0.5) * by - 0.5;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = sample(img, u, v, c);
      out[o + 3] = 255;
    }
  return { width, height, data: out };
}

/**
 * The upright crop of a text box at its own resolution (PaddleOCR's get_rotate_crop_image): sides from the longer
 * of each pair of opposite edges; a crop 1.5 times taller than wide is a vertical line and is turned a quarter
 * (counter-clockwise) so it reads left to right.
 */
export function cropText(img: RgbaImage, q: Quad): RgbaImage {
  const w = Math.max(1, Math.round(Math.max(distance(q[0], q[1]), distance(q[3], q[2]))));
  const h = Math.max(1, Math.round(Math.max(distance(q[0], q[3]), distance(q[1], q[2]))));
  if (h / w >= 1.5) return warpQuad(img, [q[1], q[2], q[3], q[0]], h, w);
  return warpQuad(img, q, w, h);
}

/** Turns a picture half a turn (for lines the direction classifier reads as upside down). */
export function rotate180(img: RgbaImage): RgbaImage {
  const out = new Uint8ClampedArray(img.data.length);
  const n = img.width * img.height;
  for (let i = 0; i < n; i++) out.set(img.data.subarray(i * 4, i * 4 + 4), (n - 1 - i) * 4);
  return { width: img.width, height: img.height, data: out };
}

/**
 * Writes the picture into `dst` (one NCHW sample of `3 × height × rowWidth`, BGR) as (v/255 − mean[c]) / std[c];
 * columns past the picture's width keep what `dst` held (zeros: the padding PaddleOCR uses).
 */
export function writeChw(
  img: RgbaImage,
  dst: Float32Array,
  offset: number,
  rowWidth: number,
  mean: number[],
  std: number[],
): void {
  const plane = img.height * rowWidth;
  for (let c = 0; c < 3; c++) {
    const src = 2 - c; // BGR
    const m = mean[c];
    const s = std[c];
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++)
        dst[offset + c * plane + y * rowWidth + x] = (img.data[(y * img.width + x) * 4 + src] / 255 - m) / s;
  }
}
