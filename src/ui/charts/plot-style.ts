/**
 * How every plot of the lab looks on screen and on a projector: type sizes per view, axis
 * defaults, the legend's place, and the layout of a plot with nothing to draw. Pure (types only
 * from Plotly), so the rules are unit-tested; `use-plot` applies them to every plot.
 */
import type { Annotations, Data, Font, Layout } from 'plotly.js';

/** The page's view: normal, or Presenter view (the `presenter` class on the root element). */
export type PlotView = 'normal' | 'presenter';

/**
 * Smallest type on a plot (px) per view: tick labels, legend, annotations and titles are at
 * least this large (axis titles larger: Plotly draws them at 1.2x).
 */
export const PLOT_FONT_PX: Readonly<Record<PlotView, number>> = { normal: 12, presenter: 15 };

/**
 * Axis defaults of every plot, as a Plotly template (it applies to every x and y axis):
 * - `exponentformat: 'power'`: 10⁻⁶ instead of Plotly's default SI prefixes (1µ, 10n), which
 *   students read as units;
 * - `automargin`: the margins grow to fit tick labels and axis titles at any type size, so an axis
 *   title never runs into the legend below it;
 * - `ticklabeloverflow: 'allow'`: Plotly's default overflow check measures every tick label once
 *   per label on every redraw (about 30 % of the lab's redraw time in a profile); the automatic
 *   margins leave the labels room, so nothing needs hiding.
 */
export const AXIS_TEMPLATE = {
  layout: {
    xaxis: { exponentformat: 'power', automargin: true, ticklabeloverflow: 'allow' },
    yaxis: { exponentformat: 'power', automargin: true, ticklabeloverflow: 'allow' },
  },
} as Layout['template'];

/**
 * The legend's place: one horizontal block at the bottom edge of the whole figure (container
 * coordinates). Plotly reserves its height below the plot area and the axis titles, so the
 * legend never overlaps an axis title however many rows it wraps to.
 */
export const LEGEND_BELOW: Partial<Layout['legend']> = {
  orientation: 'h',
  // Entries packed row by row: no gap between legend groups ('normal' order stacks the entries
  // in one column once shapes, e.g. the KURE target line, have entries too).
  traceorder: 'grouped',
  tracegroupgap: 0,
  x: 0,
  xanchor: 'left',
  yref: 'container',
  y: 0,
  yanchor: 'bottom',
};

type Sized = { font?: Partial<Font> } | undefined;

/** `font` with its size raised to at least `min` px (a missing size becomes `min`). */
function atLeast(font: Partial<Font> | undefined, min: number): Partial<Font> {
  return { ...font, size: Math.max(font?.size ?? min, min) };
}

/** `item` with its font raised to `min` px, or undefined when there is no item. */
function sized<T extends Sized>(item: T, min: number): T {
  return item === undefined ? item : { ...item, font: atLeast(item.font, min) };
}

/** The names of the layout's axes (xaxis, yaxis2, …). */
function axisKeys(layout: Partial<Layout>): (keyof Layout)[] {
  return Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k)) as (keyof Layout)[];
}

/**
 * `layout` with every text at least {@link PLOT_FONT_PX}[view] px: the base font (ticks, legend,
 * hover, and everything that inherits it) set to it, and any smaller size given to the title,
 * legend, annotations, axis titles or tick labels raised to it.
 */
export function styledLayout(layout: Partial<Layout>, view: PlotView): Partial<Layout> {
  const min = PLOT_FONT_PX[view];
  const out: Partial<Layout> = {
    ...layout,
    font: { ...layout.font, size: min },
    ...(layout.title ? { title: sized(layout.title, min) } : {}),
    ...(layout.legend ? { legend: sized(layout.legend, min) } : {}),
    ...(layout.annotations
      ? { annotations: layout.annotations.map((a) => sized<Partial<Annotations>>(a, min)) }
      : {}),
  };
  const axes = out as Record<string, unknown>;
  for (const key of axisKeys(layout)) axes[key] = styledAxis(layout[key] as AxisText, min);
  return out;
}

/** The text-bearing parts of an axis that a figure may size. */
interface AxisText {
  title?: { text?: string; font?: Partial<Font> };
  tickfont?: Partial<Font>;
}

function styledAxis(axis: AxisText | undefined, min: number): AxisText | undefined {
  if (!axis) return axis;
  const title = axis.title;
  return {
    ...axis,
    ...(title?.font ? { title: { ...title, font: atLeast(title.font, min) } } : {}),
    ...(axis.tickfont ? { tickfont: atLeast(axis.tickfont, min) } : {}),
  };
}

/**
 * The layout of a plot with nothing to draw: no axes (Plotly would otherwise invent a range such
 * as −1..6 steps), no reference lines or labels and no legend, so only the empty-state line over
 * the plot speaks. The title stays.
 */
export function emptyLayout(layout: Partial<Layout>): Partial<Layout> {
  const out: Record<string, unknown> = {
    ...layout,
    shapes: [],
    annotations: [],
    showlegend: false,
  };
  for (const key of axisKeys(layout)) {
    out[key] = { ...(layout[key] as object), visible: false };
  }
  if (!layout.xaxis) out.xaxis = { visible: false };
  if (!layout.yaxis) out.yaxis = { visible: false };
  return out as Partial<Layout>;
}

/** No traces: what an empty plot draws (one array, so redraws see no change). */
const NO_DATA: Data[] = [];

/**
 * What to draw for a figure: its own traces and layout, or while it has no points none and
 * {@link emptyLayout} (a stray trace, e.g. the step-0 test accuracy before the first loss read,
 * would float without axes).
 */
export function drawnFigure(figure: { data: Data[]; layout: Partial<Layout>; points: number }): {
  data: Data[];
  layout: Partial<Layout>;
} {
  if (figure.points > 0) return figure;
  return { data: NO_DATA, layout: emptyLayout(figure.layout) };
}
