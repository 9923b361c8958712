// Test pictures of text the tests render themselves (OffscreenCanvas, no DOM): known strings in several fonts, sizes
// and small rotations, some with noise; and character accuracy, 1 − edit distance / length.
import type { RgbaImage } from './image.ts';

export interface TextSample {
  lines: string[];
  font: string;
  size: number;
  /** Rotation of the whole text in degrees. */
  degrees: number;
  /** Standard deviation of Gaussian pixel noise (0–255 scale); 0 for a clean picture. */
  noise: number;
  width: number;
  height: number;
}

/** A small seeded generator (mulberry32), so noisy pictures are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Dark text on a light page, centred, turned by `degrees`, with optional noise. */
export function renderText(s: TextSample, seed = 1): RgbaImage {
  const canvas = new OffscreenCanvas(s.width, s.height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#f4f1ea';
  ctx.fillRect(0, 0, s.width, s.height);
  ctx.translate(s.width / 2, s.height / 2);
  ctx.rotate((s.degrees * Math.PI) / 180);
  ctx.fillStyle = '#1d1d1f';
  ctx.font = `${s.size}px "${s.font}"`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const step = s.size * 1.6;
  s.lines.forEach((line, i) => ctx.fillText(line, 0, (i - (s.lines.length - 1) / 2) * step));
  const img = ctx.getImageData(0, 0, s.width, s.height);
  if (s.noise > 0) {
    const r = random(seed);
    for (let i = 0; i < img.data.length; i += 4) {
      // Box-Muller: one Gaussian sample per pixel, the same on all three channels (sensor-like grain).
      const n = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()) * s.noise;
      for (let c = 0; c < 3; c++) img.data[i + c] = img.data[i + c] + n;
    }
  }
  return { width: img.width, height: img.height, data: img.data };
}

/** Levenshtein distance between two strings (by UTF-16 code unit; the test strings are ASCII). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** 1 − edit distance / length of the expected text (clamped at 0). */
export const characterAccuracy = (expected: string, got: string): number =>
  Math.max(0, 1 - editDistance(expected, got) / Math.max(1, expected.length));
