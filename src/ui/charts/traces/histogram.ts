import type { Data, Shape } from 'plotly.js';
import { COLORS, OKABE_ITO } from '../palette';
import { histogramGeometry, type HistogramEvent } from '../series/histogram';
import { baseLayout, heading, short, titled, type FigureSpec } from './common';
import { TWIN_PREFIX, type OverlayLabels } from './twin';

/** Grids with more levels than this get no per-level lines (the bars mark the levels). */
export const MAX_LEVEL_LINES = 256;

/** Title of the histogram: layer, bit width, and which grid the weights sit on. */
export function histogramTitle(h: HistogramEvent): string {
  const grid = h.grid === 'ptq' ? 'PTQ calibration grid' : 'learned QAT step';
  return `${h.layer}: ${h.bits}-bit, ${grid} (step ${h.step})`;
}

/** How many weights the grid clips at each end (the title's second line, off the bars). */
export function clippedText(h: HistogramEvent): string {
  return `clipped: ${h.clippedBelow} below, ${h.clippedAbove} above (shaded = grid range)`;
}

/** x-axis title with its unit: weight units (with the step size s) or integer levels. */
export function histogramXTitle(h: HistogramEvent): string {
  return h.scale !== null && h.scale > 0
    ? `weight value (weight units; level k at k·s, s = ${short(h.scale)})`
    : 'integer level (per-channel scales: w / s per channel)';
}

/**
 * Latent weights of the chosen layer as bars on the grid, quantized counts as markers, a thin
 * line at each grid level and the clipping range shaded; an empty figure for `h` null.
 */
export function histogramFigure(h: HistogramEvent | null): FigureSpec {
  if (!h) {
    const layout = baseLayout('histogram', {
      xaxis: titled('weight value'),
      yaxis: titled('weights (count)'),
    });
    return { data: [], layout, points: 0 };
  }
  const g = histogramGeometry(h);
  const unit = g.unit === 'weight' ? 'w' : 'level';
  const data: Data[] = [
    {
      type: 'bar',
      name: 'latent weights (count per bin)',
      x: g.x,
      y: g.latentCounts,
      width: g.spacing,
      customdata: g.levels,
      marker: { color: OKABE_ITO.skyBlue, line: { color: OKABE_ITO.blue, width: 0.5 } },
      opacity: 0.85,
      hovertemplate: `level %{customdata} (${unit} = %{x:.3g})<br>%{y} latent weights<extra></extra>`,
    },
    {
      type: 'scatter',
      mode: 'markers',
      name: 'quantized weights (count per level)',
      x: g.x,
      y: g.quantizedCounts,
      customdata: g.levels,
      marker: { color: OKABE_ITO.vermillion, symbol: 'diamond', size: 7 },
      hovertemplate: 'level %{customdata}<br>%{y} weights after rounding<extra></extra>',
    },
  ];
  const [low, high] = g.clipRange;
  const shapes: Partial<Shape>[] = [
    {
      type: 'rect',
      layer: 'below',
      xref: 'x',
      yref: 'paper',
      x0: low,
      x1: high,
      y0: 0,
      y1: 1,
      fillcolor: COLORS.grid,
      opacity: 0.12,
      line: { width: 0 },
    },
  ];
  if (g.x.length <= MAX_LEVEL_LINES) {
    for (const x of g.x) {
      shapes.push({
        type: 'line',
        layer: 'below',
        xref: 'x',
        yref: 'paper',
        x0: x,
        x1: x,
        y0: 0,
        y1: 1,
        line: { color: COLORS.grid, width: 0.6, dash: 'dot' },
      });
    }
  }
  const layout = baseLayout('histogram', {
    title: heading(headingLines(h)),
    xaxis: titled(histogramXTitle(h)),
    yaxis: { ...titled('weights (count)'), rangemode: 'tozero' },
    barmode: 'overlay',
    shapes,
  });
  return { data, layout, points: g.levels.length };
}

/** The histogram's heading lines for one twin (`prefix` 'A · ', 'B · ' or none). */
const headingLines = (h: HistogramEvent, prefix = '') => [
  prefix + histogramTitle(h),
  prefix + clippedText(h),
];

/**
 * The twin overlay of the histogram with B's grid named: while A has no histogram the layout is
 * B's (heading prefixed 'B · '); with both, the heading names each twin's grid and clipped counts
 * (four lines, A's first).
 */
export function withTwinHistogram(
  figure: FigureSpec,
  a: HistogramEvent | null,
  b: HistogramEvent | null,
  labels: OverlayLabels = TWIN_PREFIX,
): FigureSpec {
  if (!b) return figure;
  const linesB = headingLines(b, labels.b);
  if (!a) {
    const own = histogramFigure(b).layout;
    const layout = { ...own, barmode: 'overlay' as const, title: heading(linesB) };
    return { ...figure, layout };
  }
  const title = heading([...headingLines(a, labels.a), ...linesB]);
  return { ...figure, layout: { ...figure.layout, title } };
}
