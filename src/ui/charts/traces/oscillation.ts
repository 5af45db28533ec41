import { countPoints, percent } from '../series/common';
import { techniqueSeries, type TechniqueHistory } from '../series/technique';
import { baseLayout, layerLinesWithCompanions, titled, type FigureSpec } from './common';

/**
 * Oscillation frequency per tracked layer (solid, left axis) and the share of the layer's weights
 * frozen (dotted, right axis, %), from the 'oscillation' technique's history.
 */
export function oscillationFigure(
  history: TechniqueHistory<'oscillation'> | undefined,
  order: readonly string[],
): FigureSpec {
  const frequency = techniqueSeries(history, 'frequency');
  const frozen = techniqueSeries(history, 'frozen');
  const percentFrozen = frozen.map((s) => ({ ...s, value: percent(s.value) }));
  const data = layerLinesWithCompanions(frequency, percentFrozen, order, {
    main: 'frequency %{y:.4f} per step',
    companion: '%{y:.1f} % frozen',
    companionSuffix: 'frozen',
  });
  const layout = baseLayout('oscillation', {
    xaxis: titled('training step'),
    yaxis: { ...titled('flips per step (EMA), solid'), rangemode: 'tozero' },
    yaxis2: {
      ...titled('frozen (%), dotted'),
      overlaying: 'y',
      side: 'right',
      rangemode: 'tozero',
      showgrid: false,
    },
  });
  return { data, layout, points: countPoints(frequency), stepAxis: 'x' };
}
