import { memo, useMemo } from 'react';
import { drawnFigure } from './plot-style';
import type { FigureSpec } from './traces/common';
import { usePlot } from './use-plot';

/** Props of {@link Plot}. */
export interface PlotProps {
  /** `data-testid` of the plot element. */
  testId: string;
  /** Traces, layout and point count; memoise it, a new object redraws the plot. */
  figure: FigureSpec;
  /** Plain-words line shown over the empty plot while `figure.points` is 0. */
  empty: string;
  /** 'short' for a second, smaller plot under a chart's main one; 'tall' for stacked panels. */
  size?: 'normal' | 'short' | 'tall';
}

/**
 * One Plotly plot: the element Plotly draws into (with `data-testid` and `data-points`), the
 * empty-state line over it while there is nothing to draw (no traces and no axes then,
 * `drawnFigure`),
 * and the load error if Plotly fails.
 */
export const Plot = memo(function Plot({ testId, figure, empty, size = 'normal' }: PlotProps) {
  const drawn = useMemo(() => drawnFigure(figure), [figure]);
  const { ref, loadError } = usePlot(drawn.data, drawn.layout);
  return (
    <div className="plot-frame">
      {loadError ? <p role="alert">{loadError}</p> : null}
      <div
        ref={ref}
        className={size === 'normal' ? 'plot' : `plot plot-${size}`}
        data-testid={testId}
        data-points={figure.points}
      />
      {figure.points === 0 ? (
        <p className="chart-empty">
          <span>{empty}</span>
        </p>
      ) : null}
    </div>
  );
});
