// Text boxes from a DBNet probability map (PaddleOCR's detector output): threshold, 8-connected components, the
// minimum-area rectangle of each, a mean-probability score, unclip, and scaling back to the picture's pixels.
import {
  insideQuad,
  minAreaRect,
  orderCorners,
  rectCorners,
  shortSide,
  unclip,
  type Point,
  type Quad,
} from './geometry.ts';

export interface DetectOptions {
  /** A pixel is text when its probability exceeds this (PaddleOCR: 0.3). */
  threshold: number;
  /** A box is kept when the mean probability inside it reaches this (PaddleOCR: 0.6). */
  boxThreshold: number;
  /** How far a box is grown back around the shrunken text kernel (PaddleOCR: 1.5). */
  unclipRatio: number;
  /** Boxes with a shorter side below this many map pixels are dropped (PaddleOCR: 3). */
  minSize: number;
  /** At most this many components are considered (PaddleOCR: 1000). */
  maxCandidates: number;
}

export const DETECT_DEFAULTS: DetectOptions = {
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.5,
  minSize: 3,
  maxCandidates: 1000,
};

/** A detected text region in picture pixels, with the detector's mean probability inside it. */
export interface TextBox {
  quad: Quad;
  score: number;
}

/**
 * Labels the 8-connected components of `prob > threshold` and returns, for each, the leftmost and rightmost pixel
 * of every row it touches: those points hold every vertex of the component's convex hull.
 */
export function componentOutlines(prob: Float32Array, width: number, height: number, threshold: number): Point[][] {
  const labels = new Int32Array(width * height).fill(-1);
  const outlines: Point[][] = [];
  const stack: number[] = [];
  for (let start = 0; start < width * height; start++) {
    if (labels[start] !== -1 || !(prob[start] > threshold)) continue;
    const id = outlines.length;
    const rows = new Map<number, [number, number]>();
    labels[start] = id;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      const r = rows.get(y);
      if (r) {
        if (x < r[0]) r[0] = x;
        if (x > r[1]) r[1] = x;
      } else rows.set(y, [x, x]);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (labels[j] === -1 && prob[j] > threshold) {
            labels[j] = id;
            stack.push(j);
          }
        }
      }
    }
    const pts: Point[] = [];
    for (const [y, [x0, x1]] of rows) pts.push({ x: x0, y }, { x: x1, y });
    outlines.push(pts);
  }
  return outlines;
}

/** Mean probability over the map pixels whose centres fall inside the quad (PaddleOCR's "fast" box score). */
export function quadScore(prob: Float32Array, width: number, height: number, q: Quad): number {
  const xs = q.map((p) => p.x);
  const ys = q.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys)));
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++)
      if (insideQuad(q, { x, y })) {
        sum += prob[y * width + x];
        n++;
      }
  return n ? sum / n : 0;
}

/**
 * Text boxes from a probability map of `mapWidth × mapHeight`, scaled to a picture of `imageWidth × imageHeight`
 * (the detector saw the picture resized to the map's size), sorted top to bottom, then left to right on a line.
 */
export function boxesFromProbabilityMap(
  prob: Float32Array,
  mapWidth: number,
  mapHeight: number,
  imageWidth: number,
  imageHeight: number,
  options: Partial<DetectOptions> = {},
): TextBox[] {
  const o = { ...DETECT_DEFAULTS, ...options };
  if (prob.length !== mapWidth * mapHeight)
    throw new Error(
      `The probability map has ${prob.length} values; a ${mapWidth}×${mapHeight} map needs ${mapWidth * mapHeight}.`,
    );
  const sx = imageWidth / mapWidth;
  const sy = imageHeight / mapHeight;
  const boxes: TextBox[] = [];
  for (const outline of componentOutlines(prob, mapWidth, mapHeight, o.threshold).slice(0, o.maxCandidates)) {
    const rect = minAreaRect(outline);
    if (shortSide(rect) < o.minSize) continue;
    const score = quadScore(prob, mapWidth, mapHeight, rectCorners(rect));
    if (score < o.boxThreshold) continue;
    const grown = unclip(rect, o.unclipRatio);
    if (shortSide(grown) < o.minSize + 2) continue;
    const quad = orderCorners(
      rectCorners(grown).map((p) => ({
        x: Math.min(imageWidth, Math.max(0, Math.round(p.x * sx))),
        y: Math.min(imageHeight, Math.max(0, Math.round(p.y * sy))),
      })),
    );
    boxes.push({ quad, score });
  }
  return sortReadingOrder(boxes);
}

/** Top to bottom; boxes whose tops are within 10 pixels count as one line and go left to right (as PaddleOCR). */
export function sortReadingOrder(boxes: TextBox[]): TextBox[] {
  const out = [...boxes].sort((a, b) => a.quad[0].y - b.quad[0].y || a.quad[0].x - b.quad[0].x);
  for (let i = 1; i < out.length; i++)
    for (let j = i; j > 0; j--) {
      const [a, b] = [out[j - 1], out[j]];
      if (Math.abs(b.quad[0].y - a.quad[0].y) < 10 && b.quad[0].x < a.quad[0].x) [out[j - 1], out[j]] = [b, a];
      else break;
    }
  return out;
}
