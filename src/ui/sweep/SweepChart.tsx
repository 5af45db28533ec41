import { useMemo } from 'react';
import type { PlotMouseEvent } from 'plotly.js';
import { SETTINGS } from '../../settings/schema';
import { usePlot } from '../charts/use-plot';
import { sweepFigure } from './sweep-figure';
import type { SweepView } from './use-sweep-view';

/** Props of {@link SweepChart}. */
export interface SweepChartProps {
  view: SweepView;
  /** Open the run with `key`: as A, or as B beside the baseline value's run of its seed. */
  onOpen(key: string, beside: boolean): void;
}

/**
 * The metric against the knob (redrawn through the shared redraw queue, like every plot): mean ±
 * std over seeds, each seed a faint dot, diverged runs as crosses, A's own value starred. A click
 * on a point opens that run as A; Shift+click opens it as B beside the baseline run.
 */
export function SweepChart({ view, onOpen }: SweepChartProps) {
  const { rows, spec, recipe, metric } = view;
  const figure = useMemo(
    () => sweepFigure({ rows, spec, recipe, metric }),
    [rows, spec, recipe, metric],
  );
  const onClick = (event: PlotMouseEvent) => {
    const key = event.points[0]?.customdata;
    if (typeof key === 'string' && key !== '') onOpen(key, event.event.shiftKey);
  };
  const { ref, loadError } = usePlot(figure.data, figure.layout, onClick);
  return (
    <figure className="chart">
      {loadError ? <p role="alert">{loadError}</p> : null}
      <div ref={ref} className="plot" data-testid="sweep-chart" data-points={figure.points} />
      <figcaption>
        {metric.label} against {SETTINGS[spec.knob].label}: bars are mean ± one standard deviation
        over seeds, dots single seeds, crosses diverged runs (left out of the mean), the star and
        dotted line recipe A’s own value. Click a point to open that run as A; Shift+click opens it
        as B beside the baseline value’s run of the same seed.
      </figcaption>
    </figure>
  );
}
