import { useMemo } from 'react';
import { usePlot } from '../charts/use-plot';
import { toyFigure, type ToyFigureInput } from './toy-figure';

/**
 * The toy's Plotly line plot of latent w and q(w) over the recent steps, with the grid levels,
 * the decision threshold and the target w* (see toyFigure).
 */
export function ToyPlot({ history, wStar, scale, bits }: ToyFigureInput) {
  const figure = useMemo(
    () => toyFigure({ history, wStar, scale, bits }),
    [history, wStar, scale, bits],
  );
  const { ref, loadError } = usePlot(figure.data, figure.layout);
  return (
    <div className="toy-plot-frame">
      {loadError ? <p role="alert">{loadError}</p> : null}
      <div
        ref={ref}
        className="toy-plot"
        data-testid="toy-plot"
        data-points={figure.points}
        role="img"
        aria-label="Latent weight w and its quantized value q(w) over the steps, with the grid levels and the target"
      />
    </div>
  );
}
