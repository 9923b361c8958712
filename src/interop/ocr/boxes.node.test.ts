// Box extraction on synthetic probability maps: known rectangles (upright and turned) must come back as those boxes.
import { describe, expect, it } from 'vitest';
import { boxesFromProbabilityMap, componentOutlines } from './boxes.ts';
import { convexHull, insideQuad, minAreaRect, rectCorners, unclip, type Quad } from './geometry.ts';

/** A map with probability `p` inside each quad (pixel centres tested) and 0.02 elsewhere. */
function mapWith(width: number, height: number, quads: Quad[], p = 0.95): Float32Array {
  const m = new Float32Array(width * height).fill(0.02);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (quads.some((q) => insideQuad(q, { x, y }))) m[y * width + x] = p;
  return m;
}

const rect = (x0: number, y0: number, x1: number, y1: number): Quad => [
  { x: x0, y: y0 },
  { x: x1, y: y0 },
  { x: x1, y: y1 },
  { x: x0, y: y1 },
];

describe('geometry', () => {
  it('finds the convex hull and the minimum-area rectangle of a turned rectangle', () => {
    const a = (30 * Math.PI) / 180;
    const [w, h] = [40, 10];
    const pts = [];
    for (let i = 0; i <= 20; i++)
      for (let j = 0; j <= 5; j++) {
        const u = (i / 20 - 0.5) * w;
        const v = (j / 5 - 0.5) * h;
        pts.push({ x: 50 + u * Math.cos(a) - v * Math.sin(a), y: 50 + u * Math.sin(a) + v * Math.cos(a) });
      }
    expect(convexHull(pts)).toHaveLength(4);
    const r = minAreaRect(pts);
    expect(Math.max(r.width, r.height)).toBeCloseTo(w, 6);
    expect(Math.min(r.width, r.height)).toBeCloseTo(h, 6);
    expect(r.cx).toBeCloseTo(50, 6);
    expect(r.cy).toBeCloseTo(50, 6);
  });

  it('unclips by area × ratio / perimeter on every side', () => {
    const r = unclip({ cx: 0, cy: 0, width: 30, height: 10, ux: 1, uy: 0 }, 1.5);
    const d = (300 * 1.5) / 80;
    expect(r.width).toBeCloseTo(30 + 2 * d, 9);
    expect(r.height).toBeCloseTo(10 + 2 * d, 9);
  });

  it('orders corners top-left, top-right, bottom-right, bottom-left', () => {
    const q = rectCorners({ cx: 10, cy: 5, width: 8, height: 4, ux: 1, uy: 0 });
    expect(q.map((p) => [p.x, p.y])).toEqual([
      [6, 3],
      [14, 3],
      [14, 7],
      [6, 7],
    ]);
  });
});

describe('boxesFromProbabilityMap', () => {
  it('labels 8-connected components separately', () => {
    const m = mapWith(20, 10, [rect(1, 1, 5, 3), rect(10, 5, 15, 8)]);
    expect(componentOutlines(m, 20, 10, 0.3)).toHaveLength(2);
  });

  it('returns the rectangles drawn on the map, unclipped, scaled to the picture, in reading order', () => {
    const quads = [rect(60, 40, 140, 52), rect(8, 8, 100, 20), rect(8, 70, 50, 84)];
    const m = mapWith(160, 96, quads);
    const boxes = boxesFromProbabilityMap(m, 160, 96, 320, 192);
    expect(boxes).toHaveLength(3);
    // Component pixel centres span x0..x1 and y0..y1; the unclip grows each side by d = area·1.5/perimeter.
    const expected = [rect(8, 8, 100, 20), rect(60, 40, 140, 52), rect(8, 70, 50, 84)].map((q) => {
      const [w, h] = [q[1].x - q[0].x, q[3].y - q[0].y];
      const d = (w * h * 1.5) / (2 * (w + h));
      return [q[0].x - d, q[0].y - d, q[2].x + d, q[2].y + d].map((v) => Math.round(v * 2));
    });
    boxes.forEach((b, i) => {
      const [x0, y0, x1, y1] = expected[i];
      expect(
        [b.quad[0].x, b.quad[0].y, b.quad[2].x, b.quad[2].y].map((v, k) => Math.abs(v - [x0, y0, x1, y1][k])),
      ).toSatisfy((e: number[]) => e.every((v) => v <= 1));
      expect(b.score).toBeCloseTo(0.95, 5);
    });
  });

  it('finds a turned line with its angle', () => {
    const a = (-12 * Math.PI) / 180;
    const r = { cx: 80, cy: 50, width: 100, height: 16, ux: Math.cos(a), uy: Math.sin(a) };
    const m = mapWith(160, 100, [rectCorners(r)]);
    const [b] = boxesFromProbabilityMap(m, 160, 100, 160, 100);
    const angle = (Math.atan2(b.quad[1].y - b.quad[0].y, b.quad[1].x - b.quad[0].x) * 180) / Math.PI;
    expect(angle).toBeCloseTo(-12, 0);
  });

  it('drops weak regions, thin slivers and boxes below the score threshold', () => {
    const m = mapWith(100, 40, [rect(5, 5, 60, 15)], 0.5); // above 0.3 but mean 0.5 < 0.6
    m.fill(0.9, 30 * 100 + 10, 30 * 100 + 80); // a one-pixel-high line: shorter side 0 < 3
    expect(boxesFromProbabilityMap(m, 100, 40, 100, 40)).toEqual([]);
  });

  it('refuses a map whose size does not match', () => {
    expect(() => boxesFromProbabilityMap(new Float32Array(10), 4, 4, 4, 4)).toThrow(/4×4 map needs 16/);
  });
});
