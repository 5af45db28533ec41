/** Shared pieces of the Plotly figures (types only from Plotly: nothing loads it at runtime). */
import type { Data, Layout, Shape, ShapeLine } from 'plotly.js';
import { layerStyle } from '../palette';
import { LEGEND_BELOW } from '../plot-style';
import { tagLayer } from '../layer-meta';

/** What a chart hands to Plotly, plus how many data points it draws (its `data-points`). */
export interface FigureSpec {
  data: Data[];
  layout: Partial<Layout>;
  /** Number of data points drawn (0 when there is nothing to draw yet). */
  points: number;
  /** The x axis that counts training steps, if one does: stage boundaries are drawn on it. */
  stepAxis?: 'x' | 'x2';
}

/**
 * The common layout: margins (the least; they grow to fit tick labels and axis titles), the
 * legend at the figure's bottom edge below the axis titles ({@link LEGEND_BELOW}), and a fixed
 * `uirevision` per chart so that zoom and legend clicks survive Plotly.react updates. Type sizes
 * come from the view (`plot-style.ts`). `extra` overrides any of it.
 */
export function baseLayout(revision: string, extra: Partial<Layout>): Partial<Layout> {
  return {
    margin: { l: 60, r: 60, t: 36, b: 40 },
    legend: LEGEND_BELOW,
    hovermode: 'closest',
    uirevision: revision,
    ...extra,
  };
}

/**
 * A plot title of one or more lines, just above the plot area; the top margin grows to fit it
 * (Plotly's title automargin), so no line ever sits on the data or off the figure.
 */
export function heading(lines: readonly string[]): Layout['title'] {
  // `automargin` is Plotly's own, but @types/plotly.js lacks it: no object literal, no excess check.
  const title = { text: lines.join('<br>'), automargin: true, yref: 'paper' as const };
  return title;
}

/** An axis title in Plotly's object form. */
export const titled = (text: string) => ({ title: { text } });

/** A number shortened to three significant digits for labels (e.g. 0.0123, 1.23e+3). */
export function short(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e-3 && abs < 1e4 ? String(Number(value.toPrecision(3))) : value.toExponential(2);
}

/** One layer's series over steps, as the per-layer charts draw it. */
export interface LayerSeries {
  name: string;
  step: number[];
  value: number[];
}

/**
 * Per-layer lines on the left axis (solid, in the layer's colour and dash) and their companions
 * on the right axis (dotted, same colour, legend shared): the layout of the kurtosis and
 * oscillation charts. `hover` formats each side's value, e.g. 'kurtosis %{y:.2f}'.
 */
export function layerLinesWithCompanions(
  main: readonly LayerSeries[],
  companion: readonly LayerSeries[],
  order: readonly string[],
  hover: { main: string; companion: string; companionSuffix: string },
): Data[] {
  const names = main.map((s) => s.name);
  const color = (name: string) => layerStyle(name, order, names);
  return [
    ...main.map((s): Data =>
      tagLayer(
        {
          type: 'scatter',
          mode: 'lines',
          name: s.name,
          legendgroup: s.name,
          x: s.step,
          y: s.value,
          line: { color: color(s.name).color, dash: color(s.name).dash, width: 2 },
          hovertemplate: `${s.name}<br>step %{x}<br>${hover.main}<extra></extra>`,
        },
        s.name,
      ),
    ),
    ...companion.map((s): Data =>
      tagLayer(
        {
          type: 'scatter',
          mode: 'lines',
          name: `${s.name} ${hover.companionSuffix}`,
          legendgroup: s.name,
          showlegend: false,
          x: s.step,
          y: s.value,
          yaxis: 'y2',
          line: { color: color(s.name).color, dash: 'dot', width: 1 },
          hovertemplate: `${s.name}<br>step %{x}<br>${hover.companion}<extra></extra>`,
        },
        s.name,
      ),
    ),
  ];
}

/**
 * A line across the whole plot width at `y` on the y axis; with `name` it has its own legend
 * entry (Plotly's shape legend). `layer: 'below'` draws it under the traces.
 */
export function horizontalLine(
  y: number,
  line: Partial<ShapeLine>,
  options: { name?: string; layer?: 'above' | 'below' } = {},
): Partial<Shape> {
  const { name, layer } = options;
  return {
    type: 'line',
    xref: 'paper',
    yref: 'y',
    x0: 0,
    x1: 1,
    y0: y,
    y1: y,
    ...(name ? { name, showlegend: true } : {}),
    ...(layer ? { layer } : {}),
    line,
  };
}
