/** The toy widget's Plotly figure (types only from Plotly; nothing loads it here). */
import type { Data, Layout } from 'plotly.js';
import { toyGrid } from '../../core/oscillation/toy-simulation';
import { toyUpperShare } from '../../core/oscillation/toy-regression';
import { COLORS, OKABE_ITO } from '../charts/palette';
import { baseLayout, horizontalLine, type FigureSpec, titled } from '../charts/traces/common';
import type { ToyHistory } from './toy-history';

/** What the figure needs besides the history. */
export interface ToyFigureInput {
  history: ToyHistory;
  /** Target w*. */
  wStar: number;
  /** Grid spacing s. */
  scale: number;
  /** Bit width (grid [-2^(b-1), 2^(b-1) - 1]). */
  bits: number;
}

/** Values of the grid levels s * k, k = n..p. */
export function toyLevels(bits: number, scale: number): number[] {
  const { n, p } = toyGrid(bits);
  return Array.from({ length: p - n + 1 }, (_, i) => scale * (n + i));
}

/** The decision threshold between the grid points around w* ((w_down + w_up) / 2). */
export function toyThreshold(wStar: number, scale: number): number {
  const { wDown, wUp } = toyUpperShare(wStar, scale);
  return (wDown + wUp) / 2;
}

function traces(h: ToyHistory, wStar: number): Data[] {
  const x0 = h.step[0] ?? 0;
  const x1 = h.step[h.step.length - 1] ?? 0;
  return [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'latent w',
      x: [...h.step],
      y: [...h.w],
      line: { color: OKABE_ITO.blue, width: 2 },
      hovertemplate: 'step %{x}<br>w %{y:.4f}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: 'quantized q(w)',
      x: [...h.step],
      y: [...h.q],
      line: { color: OKABE_ITO.vermillion, width: 2, shape: 'hv' },
      hovertemplate: 'step %{x}<br>q %{y:.4f}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: 'target w*',
      x: [x0, Math.max(x1, x0 + 1)],
      y: [wStar, wStar],
      line: { color: COLORS.reference, width: 1.5, dash: 'dash' },
      hoverinfo: 'skip',
    },
  ];
}

/**
 * Latent w and q(w) over the recent steps, the grid levels as grey lines, the decision threshold
 * around w* dotted and w* dashed. The y range covers the whole grid (and w if it lies outside);
 * `uirevision` changes with the bit width, so a new grid resets the zoom.
 */
export function toyFigure({ history, wStar, scale, bits }: ToyFigureInput): FigureSpec {
  const levels = toyLevels(bits, scale);
  const lo = Math.min(levels[0]! - scale / 2, ...history.w);
  const hi = Math.max(levels[levels.length - 1]! + scale / 2, ...history.w);
  const shapes = [
    ...levels.map((y) =>
      horizontalLine(y, { color: COLORS.grid, dash: 'solid', width: 1 }, { layer: 'below' }),
    ),
    horizontalLine(
      toyThreshold(wStar, scale),
      { color: COLORS.neutral, dash: 'dot', width: 1 },
      { layer: 'below' },
    ),
  ];
  const layout: Partial<Layout> = baseLayout(`toy-${bits}`, {
    margin: { l: 56, r: 16, t: 16, b: 44 },
    xaxis: { ...titled('step') },
    yaxis: { ...titled('weight'), range: [lo, hi], tickvals: levels, zeroline: false },
    shapes,
  });
  return { data: traces(history, wStar), layout, points: 2 * history.step.length };
}
