// Data shaping for the charts, kept out of the components so it can be tested in Node: lines as uPlot's aligned
// columns, the x range a chart shows, and round tick values for the canvas charts.

/** One line of a line chart. */
export interface Line {
  label: string;
  color: string;
  /** Strictly ascending; lines that share a column pass the same array. */
  xs: readonly number[];
  /** Finite values, or null for a gap. */
  ys: readonly (number | null)[];
  dash?: boolean;
  points?: boolean;
  /** Line width in CSS pixels (2 when absent). */
  width?: number;
}

/** Aligned columns as uPlot takes them: one x column, then one y column per line. */
export type Aligned = [readonly number[], ...(readonly (number | null)[])[]];

/**
 * The lines as aligned columns: lines that share one x column are passed as they are (no copy); lines with
 * different x columns are merged in one linear k-way pass, null where a line has no point.
 */
export function mergeLines(ls: readonly Line[]): Aligned {
  const groups: (readonly number[])[] = [];
  for (const l of ls) if (!groups.includes(l.xs)) groups.push(l.xs);
  if (groups.length === 0) return [[]];
  if (groups.length === 1) return [groups[0], ...ls.map((l) => l.ys)];
  // rows[g][i] is the merged row of point i of column g.
  const xs: number[] = [];
  const rows = groups.map(() => [] as number[]);
  const at = groups.map(() => 0);
  for (;;) {
    let min = Infinity;
    groups.forEach((g, k) => {
      if (at[k] < g.length && g[at[k]] < min) min = g[at[k]];
    });
    if (min === Infinity) break;
    groups.forEach((g, k) => {
      if (at[k] < g.length && g[at[k]] === min) rows[k][at[k]++] = xs.length;
    });
    xs.push(min);
  }
  const ys = ls.map((l) => {
    const r = rows[groups.indexOf(l.xs)];
    const col: (number | null)[] = new Array(xs.length).fill(null);
    for (let i = 0; i < r.length; i++) col[r[i]] = l.ys[i];
    return col;
  });
  return [xs, ...ys];
}

/**
 * The x range to draw. With `xMax` (a run's total steps) every chart of the run spans 0 … xMax (or further, if the
 * data does), so the loss and accuracy charts line up and a single point does not get an axis padded around it
 * (uPlot's own range for one x value runs to twice it). Without, the data's own extent; one point gets ±1.
 */
export function xRange(dataMin: number | null, dataMax: number | null, xMax?: number | null): [number, number] {
  if (xMax && xMax > 0) return [0, Math.max(xMax, dataMax ?? 0)];
  if (dataMin === null || dataMax === null) return [0, 1];
  return dataMax > dataMin ? [dataMin, dataMax] : [dataMin - 1, dataMax + 1];
}

/** About `count` round tick values (1, 2 or 5 times a power of ten) covering lo … hi. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}
