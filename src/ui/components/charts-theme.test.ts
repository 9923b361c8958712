// Charts in the page's themes, rendered in Chromium: tick labels and axis titles of the uPlot line chart and of the
// canvas charts (confusion matrix, predicted-vs-actual) must stand out from the background in the dark theme (WCAG
// contrast ≥ 4.5, not black on black) and follow a theme switch; a run's chart spans its steps; class labels fit.
import { afterEach, expect, test } from 'vitest';
import { mount, unmount, type Component } from 'svelte';
import '../theme.css';
import { readChartColors } from '../chart-theme.svelte.ts';
import Chart from './Chart.svelte';
import ConfusionMatrix from './ConfusionMatrix.svelte';
import ScatterPlot from './ScatterPlot.svelte';

type Rgb = [number, number, number];

/** A CSS colour as RGB, resolved by the canvas itself. */
function rgb(css: string): Rgb {
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
  ctx.fillStyle = css;
  ctx.fillRect(0, 0, 1, 1);
  const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
  return [r, g, b];
}
/** WCAG 2 contrast ratio of two colours. */
function contrast(a: Rgb, b: Rgb): number {
  const lum = (c: Rgb) =>
    c
      .map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
/**
 * The highest contrast with the background of any pixel in a region of a canvas (CSS pixels), each pixel composited
 * over the background as the page shows it.
 */
function bestContrast(canvas: HTMLCanvasElement, region?: { x: number; y: number; w: number; h: number }): number {
  const bg = rgb(readChartColors().background);
  const scale = canvas.width / canvas.getBoundingClientRect().width || 1;
  const r = region ?? { x: 0, y: 0, w: canvas.width / scale, h: canvas.height / scale };
  const data = canvas
    .getContext('2d')!
    .getImageData(r.x * scale, r.y * scale, Math.max(1, r.w * scale), Math.max(1, r.h * scale)).data;
  let best = 1;
  for (let i = 0; i < data.length; i += 4) {
    const a = data[i + 3] / 255;
    if (a === 0) continue;
    const px: Rgb = [0, 1, 2].map((k) => data[i + k] * a + bg[k] * (1 - a)) as Rgb;
    best = Math.max(best, contrast(px, bg));
  }
  return best;
}

let host: HTMLElement | null = null;
let app: Record<string, unknown> | null = null;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test passes its component's own props
function render<P extends Record<string, any>>(component: Component<P>, props: P, hidden = false): HTMLElement {
  host = document.createElement('div');
  host.style.width = '600px';
  // The app keeps every tab's panel mounted and hides the others, so a chart may first draw while hidden.
  host.hidden = hidden;
  document.body.append(host);
  app = mount(component, { target: host, props });
  return host;
}
afterEach(() => {
  if (app) unmount(app);
  host?.remove();
  app = host = null;
  delete document.documentElement.dataset.theme;
});

const theme = async (t: 'light' | 'dark') => {
  document.documentElement.dataset.theme = t;
  // The chart theme re-reads the colours when the attribute changes (a mutation observer).
  await expect.poll(() => readChartColors().background).toBe(t === 'dark' ? '#0d1117' : '#ffffff');
};

test('the line chart draws its ticks and axis titles in the theme’s text colour, and follows a theme switch', async () => {
  await theme('light');
  const xs = [1, 2, 3, 4, 5];
  // The line is transparent, so only axes, grid and text can stand out.
  const el = render(Chart, {
    title: 'Loss',
    xLabel: 'step',
    lines: [{ label: 'loss', color: 'transparent', xs, ys: [5, 4, 3, 2, 1] }],
  });
  const canvas = () => el.querySelector('canvas')!;
  await expect.poll(() => bestContrast(canvas())).toBeGreaterThan(4.5);
  await theme('dark');
  // Black tick labels on the dark page would stay near 1.
  await expect.poll(() => bestContrast(canvas()), { timeout: 5000 }).toBeGreaterThan(4.5);
});

test('the line chart in the dark theme from the start, drawn while its panel was hidden', async () => {
  await theme('dark');
  const el = render(
    Chart,
    {
      title: 'Accuracy',
      xLabel: 'step',
      lines: [{ label: 'accuracy', color: 'transparent', xs: [10], ys: [0.5], points: true }],
      xMax: 10,
    },
    true,
  );
  await expect.poll(() => el.querySelector('canvas')).not.toBeNull();
  el.hidden = false;
  await expect.poll(() => bestContrast(el.querySelector('canvas')!)).toBeGreaterThan(4.5);
  // One epoch point of a 10-step run: the axis spans 0 … 10, not 0 … 20 (uPlot's padding of a lone value).
  const figure = el.querySelector('figure')!;
  await expect.poll(() => [figure.dataset.xMin, figure.dataset.xMax]).toEqual(['0', '10']);
});

test('the confusion matrix labels stand out in the dark theme and long or non-Latin class names are not cut', async () => {
  await theme('dark');
  const names = [
    'Ankle boot',
    'Ελληνικά',
    '日本語のクラス',
    'A class name far too long to draw in full beside the matrix',
  ];
  const matrix = names.map((_, r) => names.map((_, c) => (r === c ? 5 : 1)));
  const el = render(ConfusionMatrix, { matrix, names });
  const canvas = el.querySelector('canvas')!;
  await expect.poll(() => Number(canvas.dataset.left)).toBeGreaterThan(0);
  const left = Number(canvas.dataset.left);
  const top = Number(canvas.dataset.top);
  // Row labels sit left of the cells, below the column labels.
  await expect
    .poll(() => bestContrast(canvas, { x: 20, y: top, w: left - 24, h: canvas.clientHeight - top }))
    .toBeGreaterThan(4.5);
  // The label room fits a whole name that is not overlong; the overlong one is shortened, and named in full for
  // screen readers (and in the hover title).
  const ctx = document.createElement('canvas').getContext('2d')!;
  ctx.font = '12px system-ui, sans-serif';
  expect(left).toBeGreaterThan(ctx.measureText('日本語のクラス').width + 24);
  expect(left).toBeLessThan(ctx.measureText(names[3]).width + 24);
  expect(el.querySelector('[role="img"]')!.getAttribute('aria-label')).toContain(names[3]);
  // Names wider than a cell stand vertical above their columns, so the top margin makes room for them.
  expect(top).toBeGreaterThan(ctx.measureText('Ankle boot').width);
});

test('the predicted-vs-actual plot draws its axes in the theme’s text colour', async () => {
  await theme('dark');
  const el = render(ScatterPlot, {
    predicted: Float32Array.from([10, 20, 31, 39]),
    actual: Float32Array.from([12, 18, 30, 41]),
    name: 'mpg',
  });
  const canvas = el.querySelector('canvas')!;
  // The left strip: tick values and the rotated axis title.
  await expect.poll(() => bestContrast(canvas, { x: 0, y: 0, w: 50, h: 200 })).toBeGreaterThan(4.5);
  expect(el.querySelector('[role="img"]')!.getAttribute('aria-label')).toMatch(/Predicted against actual mpg for 4/);
});
