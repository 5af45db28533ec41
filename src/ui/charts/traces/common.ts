/** Shared pieces of the Plotly figures (types only from Plotly: nothing loads it at runtime). */
import type { Data, Layout } from 'plotly.js';

/** What a chart hands to Plotly, plus how many data points it draws (its `data-points`). */
export interface FigureSpec {
  data: Data[];
  layout: Partial<Layout>;
  /** Number of data points drawn (0 when there is nothing to draw yet). */
  points: number;
}

/**
 * The common layout: margins, a legend under the plot, and a fixed `uirevision` per chart so that
 * zoom and legend clicks survive Plotly.react updates. `extra` overrides any of it.
 */
export function baseLayout(revision: string, extra: Partial<Layout>): Partial<Layout> {
  return {
    margin: { l: 60, r: 60, t: 36, b: 48 },
    legend: { orientation: 'h', y: -0.22, yanchor: 'top' },
    font: { size: 12 },
    hovermode: 'closest',
    uirevision: revision,
    ...extra,
  };
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
