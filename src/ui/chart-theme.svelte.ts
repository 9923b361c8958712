// Colours for drawn charts (uPlot and canvas), read from the page theme's CSS custom properties and read again
// whenever the theme changes (the toggle sets <html data-theme>; "as system" follows prefers-color-scheme).
// A canvas cannot use CSS variables or currentColor, so charts take these resolved colours and redraw on change.

/** Resolved colours a chart draws with. */
export interface ChartColors {
  /** Tick labels, axis titles and other text. */
  text: string;
  /** Secondary text (captions) and reference lines. */
  muted: string;
  /** Grid lines and tick marks. */
  grid: string;
  /** The page background behind the chart. */
  background: string;
  /** Marks that need no legend (scatter points). */
  accent: string;
}

/** The theme's chart colours as computed now (light defaults where the stylesheet is missing). */
export function readChartColors(root: Element = document.documentElement): ChartColors {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--fg', '#1b1f24'),
    muted: v('--muted', '#57606a'),
    grid: v('--border', '#d0d7de'),
    background: v('--bg', '#ffffff'),
    accent: v('--accent', '#0969da'),
  };
}

class ChartTheme {
  /** Changes (a new object) when the theme does; effects that read it redraw. */
  colors = $state.raw<ChartColors>(readChartColors());

  constructor() {
    const update = () => {
      const next = readChartColors();
      const now = this.colors;
      if (Object.entries(next).some(([k, c]) => now[k as keyof ChartColors] !== c)) this.colors = next;
    };
    new MutationObserver(update).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme', 'class', 'style'],
    });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', update);
    // A stylesheet injected after this module ran (Vite's dev server) is picked up at the first frame.
    requestAnimationFrame(update);
  }
}

/** The one instance every chart reads (the theme is page-wide). */
export const chartTheme = new ChartTheme();
