// The Playground's built-in sample digits: pen strokes on the 280×280 drawing pad, and a pure rasteriser that
// draws them as the pad's round pen would (anti-aliased), so the samples and their test need no canvas.

type Point = [number, number];

/** Side of the drawing pad in pixels, and the pen's radius on it (the pad's line width is twice this). */
export const PAD_SIZE = 280;
export const PEN_RADIUS = 11;

/** Points on an elliptic arc from angle a0 to a1 (degrees, 0 = right, 90 = down). */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, n = 24): Point[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = ((a0 + ((a1 - a0) * i) / n) * Math.PI) / 180;
    return [cx + rx * Math.cos(t), cy + ry * Math.sin(t)];
  });
}

/** Each sample digit as strokes (polylines) on the pad, written the way the MNIST writers usually wrote them. */
export const DIGIT_SAMPLES: Record<string, Point[][]> = {
  '0': [arc(140, 140, 58, 88, -90, 270, 40)],
  '1': [
    [
      [150, 48],
      [132, 232],
    ],
  ],
  '2': [[...arc(140, 100, 55, 48, 200, 360, 16), ...arc(140, 100, 55, 48, 0, 50, 6), [82, 228], [205, 228]]],
  '3': [[...arc(135, 95, 55, 45, 200, 450, 24), ...arc(135, 180, 60, 48, -90, 160, 24)]],
  '4': [
    [
      [118, 48],
      [90, 160],
      [200, 160],
    ],
    [
      [172, 70],
      [165, 235],
    ],
  ],
  '7': [
    [
      [80, 60],
      [200, 60],
      [120, 232],
    ],
  ],
};

/** The strokes drawn with a round pen of radius `r` on a black `size`×`size` image: grey levels 0–1. */
export function drawStrokes(lines: Point[][], size = PAD_SIZE, r = PEN_RADIUS): Float32Array {
  const img = new Float32Array(size * size);
  for (const line of lines)
    for (let i = 0; i < line.length; i++) {
      const a = line[i];
      const b = line[Math.min(i + 1, line.length - 1)];
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      const len2 = dx * dx + dy * dy || 1;
      const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - r - 1));
      const x1 = Math.min(size - 1, Math.ceil(Math.max(a[0], b[0]) + r + 1));
      const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - r - 1));
      const y1 = Math.min(size - 1, Math.ceil(Math.max(a[1], b[1]) + r + 1));
      for (let y = y0; y <= y1; y++)
        for (let x = x0; x <= x1; x++) {
          const [px, py] = [x + 0.5 - a[0], y + 0.5 - a[1]];
          const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
          const d = Math.hypot(px - t * dx, py - t * dy);
          // One pixel of soft edge, as a canvas anti-aliases a line.
          const v = Math.max(0, Math.min(1, r + 0.5 - d));
          if (v > img[y * size + x]) img[y * size + x] = v;
        }
    }
  return img;
}

/** Sample digit `name` as the pad shows it (280×280 grey levels), or an error naming the samples there are. */
export function digitSample(name: string): Float32Array {
  const lines = DIGIT_SAMPLES[name];
  if (!lines)
    throw new Error(`There is no sample digit "${name}"; choose one of ${Object.keys(DIGIT_SAMPLES).join(', ')}.`);
  return drawStrokes(lines);
}
