// The MNIST preparation of drawn digits on synthetic strokes: the ink fits a 20×20 box keeping its aspect ratio,
// its centre of mass lands within a pixel of (14, 14), and stroke edges become grey levels.
import { describe, expect, test } from 'vitest';
import { centreOfMass, inkBox, mnistDigit } from './digit-preprocess.ts';

type Pt = [number, number];

/** Thick strokes (polylines of radius r) on a w×h black image, 1 inside the pen, softened over one pixel. */
function strokes(w: number, h: number, lines: Pt[][], r: number): Float32Array {
  const img = new Float32Array(w * h);
  const dist = (p: Pt, a: Pt, b: Pt) => {
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy || 1)));
    return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
  };
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let d = Infinity;
      for (const line of lines)
        for (let i = 0; i + 1 < line.length; i++) d = Math.min(d, dist([x + 0.5, y + 0.5], line[i], line[i + 1]));
      img[y * w + x] = Math.max(0, Math.min(1, r + 0.5 - d));
    }
  return img;
}

const cases: Record<string, Pt[][]> = {
  'a tall "1" off to the left': [
    [
      [40, 30],
      [40, 250],
    ],
  ],
  'a "7" in a corner': [
    [
      [160, 20],
      [270, 20],
      [200, 160],
    ],
  ],
  'a wide "-" near the bottom': [
    [
      [20, 250],
      [260, 255],
    ],
  ],
  'a small "L"': [
    [
      [100, 100],
      [100, 140],
      [125, 140],
    ],
  ],
};

describe('mnistDigit', () => {
  for (const [name, lines] of Object.entries(cases))
    test(name, () => {
      const out = mnistDigit(strokes(280, 280, lines, 11), 280, 280)!;
      expect(out).toHaveLength(28 * 28);
      const [cx, cy] = centreOfMass(out, 28, 28)!;
      expect(Math.abs(cx - 14)).toBeLessThanOrEqual(1);
      expect(Math.abs(cy - 14)).toBeLessThanOrEqual(1);
      const [x0, y0, x1, y1] = inkBox(out, 28, 28, 0)!;
      expect(x1 - x0 + 1).toBeLessThanOrEqual(20);
      expect(y1 - y0 + 1).toBeLessThanOrEqual(20);
      // The longer side fills the box (19 or 20 pixels).
      expect(Math.max(x1 - x0, y1 - y0) + 1).toBeGreaterThanOrEqual(19);
      expect(Math.max(...out)).toBeLessThanOrEqual(1);
    });

  test('keeps the aspect ratio: a stroke three times taller than wide stays so', () => {
    const out = mnistDigit(
      strokes(
        300,
        300,
        [
          [
            [150, 60],
            [150, 240],
          ],
        ],
        40,
      ),
      300,
      300,
    )!;
    const [x0, y0, x1, y1] = inkBox(out, 28, 28, 0)!;
    expect(y1 - y0 + 1).toBe(20);
    expect(x1 - x0 + 1).toBeGreaterThanOrEqual(6);
    expect(x1 - x0 + 1).toBeLessThanOrEqual(8);
  });

  test('a pen stroke of MNIST width: full ink inside, grey levels at its edges', () => {
    const out = mnistDigit(strokes(280, 280, cases['a "7" in a corner'], 11), 280, 280)!;
    const levels = Array.from(out).filter((v) => v > 0);
    expect(levels.filter((v) => v > 0.95).length).toBeGreaterThan(10);
    expect(levels.filter((v) => v > 0.05 && v < 0.95).length).toBeGreaterThan(10);
    // About two pixels wide, like MNIST's pen: ink per row of a vertical stroke.
    const one = mnistDigit(
      strokes(
        280,
        280,
        [
          [
            [140, 30],
            [140, 250],
          ],
        ],
        11,
      ),
      280,
      280,
    )!;
    const row = Array.from(one.subarray(14 * 28, 15 * 28)).reduce((a, b) => a + b, 0);
    expect(row).toBeGreaterThan(1.5);
    expect(row).toBeLessThan(3.5);
  });

  test('an empty pad gives null', () => {
    expect(mnistDigit(new Float32Array(100 * 100), 100, 100)).toBeNull();
  });
});
