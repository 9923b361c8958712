// Pictures as an image dataset stores them: RGBA turned into grey (BT.601 luma) or RGB bytes at the set's
// height × width. The image-folder importer stores every training image this way and the Playground encodes an
// upload or a drawing the same way, then scales the bytes as training batches are scaled (xScale, 1/255).
import { areaWeights } from './digit-preprocess.ts';

/** RGBA bytes (width·height·4) as `channels` bytes per pixel: ITU-R BT.601 luma for grey, R, G, B for colour. */
export function rgbaToPixels(
  rgba: ArrayLike<number>,
  pixels: number,
  channels: 1 | 3,
  out: Uint8Array = new Uint8Array(pixels * channels),
): Uint8Array {
  for (let p = 0; p < pixels; p++) {
    const r = rgba[p * 4];
    const g = rgba[p * 4 + 1];
    const b = rgba[p * 4 + 2];
    if (channels === 3) {
      out[p * 3] = r;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = b;
    } else out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
  }
  return out;
}

/** Stored bytes as the model reads them: each byte times the set's scale (what the trainer does per batch). */
export function scaleBytes(bytes: Uint8Array, scale: number): Float32Array {
  return Float32Array.from(bytes, (v) => v * scale);
}

/**
 * A grey drawing (levels 0–1, `w`×`h`) shrunk or grown to `width`×`height` by area averaging, as RGBA bytes
 * (grey in R, G and B), ready for rgbaToPixels.
 */
export function drawingToRgba(img: ArrayLike<number>, w: number, h: number, width: number, height: number): Uint8Array {
  const wx = areaWeights(w, width);
  const wy = areaWeights(h, height);
  const rgba = new Uint8Array(width * height * 4);
  for (let oy = 0; oy < height; oy++)
    for (let ox = 0; ox < width; ox++) {
      let s = 0;
      for (let y = 0; y < h; y++) {
        const ky = wy[oy * h + y];
        if (!ky) continue;
        for (let x = 0; x < w; x++) {
          const kx = wx[ox * w + x];
          if (kx) s += ky * kx * img[y * w + x];
        }
      }
      const v = Math.round(Math.min(1, Math.max(0, s)) * 255);
      rgba.set([v, v, v, 255], (oy * width + ox) * 4);
    }
  return rgba;
}
