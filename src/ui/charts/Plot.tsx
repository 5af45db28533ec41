import { memo, useMemo } from 'react';
import type { LegendClickEvent, PlotMouseEvent } from 'plotly.js';
import { layerOfTrace } from './layer-meta';
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
  /**
   * Hears a click on a trace that names a weight layer (its `meta`, {@link layerMeta}) or on its
   * legend entry, which then opens the layer instead of hiding the trace (`layer-meta.ts`).
   */
  onLayerClick?: (layer: string) => void;
}

export const Plot = memo(function Plot(props: PlotProps) {
  const { testId, figure, empty, size = 'normal', onLayerClick } = props;
  const drawn = useMemo(() => drawnFigure(figure), [figure]);
  const onClick = onLayerClick
    ? (event: PlotMouseEvent) => {
        const layer = layerOfTrace(event.points[0]?.data);
        if (layer) onLayerClick(layer);
      }
    : undefined;
  const onLegendClick = onLayerClick
    ? (event: LegendClickEvent) => {
        const layer = layerOfTrace(event.data[event.curveNumber]);
        if (layer) onLayerClick(layer);
        return layer === null; // a layer's entry opens it; any other toggles as usual
      }
    : undefined;
  const { ref, loadError } = usePlot(drawn.data, drawn.layout, onClick, onLegendClick);
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
