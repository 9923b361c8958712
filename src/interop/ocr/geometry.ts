// Plane geometry for text boxes: convex hull, minimum-area rectangle (rotating calipers), corner ordering and the
// "unclip" that grows a shrunken text kernel back to the whole line, as DBNet's post-processing does.

export interface Point {
  x: number;
  y: number;
}

/** Four corners in reading order: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Convex hull (Andrew's monotone chain), counter-clockwise in a y-down frame; collinear points dropped. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (pts.length < 3) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 1e-7) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 1e-7) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** A rotated rectangle: its centre, its side lengths and the unit direction of its `width` side. */
export interface RotatedRect {
  cx: number;
  cy: number;
  width: number;
  height: number;
  ux: number;
  uy: number;
}

/**
 * The smallest-area rectangle holding every point. One side of the optimum lies along a hull edge (Freeman and
 * Shapira, 1975), so each hull edge is tried as a direction. Fewer than three distinct points give a flat rectangle.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) return { cx: 0, cy: 0, width: 0, height: 0, ux: 1, uy: 0 };
  const dirs: [number, number][] = [[1, 0]];
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len > 0) dirs.push([(b.x - a.x) / len, (b.y - a.y) / len]);
  }
  let best: RotatedRect | null = null;
  let bestArea = Infinity;
  for (const [ux, uy] of dirs) {
    let [minU, maxU, minV, maxV] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of hull) {
      const u = p.x * ux + p.y * uy;
      const v = -p.x * uy + p.y * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, width: maxU - minU, height: maxV - minV, ux, uy };
    }
  }
  return best!;
}

/** The rectangle's corners: top-left, top-right, bottom-right, bottom-left (by x, then y, as PaddleOCR). */
export function rectCorners(r: RotatedRect): Quad {
  const hw = r.width / 2;
  const hh = r.height / 2;
  const [ux, uy, vx, vy] = [r.ux, r.uy, -r.uy, r.ux];
  const pts = [
    [-hw, -hh],
    [hw, -hh],
    [hw, hh],
    [-hw, hh],
  ].map(([a, b]) => ({ x: r.cx + a * ux + b * vx, y: r.cy + a * uy + b * vy }));
  return orderCorners(pts);
}

/** Orders four corners: the two leftmost give top-left and bottom-left (smaller y on top), the others the right. */
export function orderCorners(pts: readonly Point[]): Quad {
  const s = [...pts].sort((a, b) => a.x - b.x || a.y - b.y);
  const [tl, bl] = s[0].y <= s[1].y ? [s[0], s[1]] : [s[1], s[0]];
  const [tr, br] = s[2].y <= s[3].y ? [s[2], s[3]] : [s[3], s[2]];
  return [tl, tr, br, bl];
}

/** The shorter side of a rectangle. */
export const shortSide = (r: RotatedRect): number => Math.min(r.width, r.height);

/**
 * Grows a rectangle by the DBNet unclip distance d = area × ratio / perimeter on every side. Offsetting a rectangle
 * by d (Vatti clipping, as PaddleOCR does with pyclipper) rounds its corners; the minimum-area rectangle around that
 * shape is exactly the rectangle grown by d, so no polygon clipping is needed for the rectangles we produce.
 */
export function unclip(r: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (r.width + r.height);
  const d = perimeter > 0 ? (r.width * r.height * ratio) / perimeter : 0;
  return { ...r, width: r.width + 2 * d, height: r.height + 2 * d };
}

/** Whether p lies inside (or on the edge of) a convex quadrilateral given in either winding. */
export function insideQuad(q: Quad, p: Point): boolean {
  let sign = 0;
  for (let i = 0; i < 4; i++) {
    const c = cross(q[i], q[(i + 1) % 4], p);
    if (Math.abs(c) < 1e-9) continue;
    const s = Math.sign(c);
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

export const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);
