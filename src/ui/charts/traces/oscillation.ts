import type { Layout } from 'plotly.js';
import { countPoints, percent } from '../series/common';
import { techniqueSeries, type TechniqueHistory } from '../series/technique';
import { percentRange } from './axes';
import { baseLayout, layerLinesWithCompanions, titled, type FigureSpec } from './common';

/** Steps the frequency is counted over: flips per 1,000 steps read as plain numbers (0.5 → 500). */
export const FLIPS_PER = 1000;

/**
 * Oscillation frequency per tracked layer (solid, left axis, flips per {@link FLIPS_PER} steps)
 * and the share of the layer's weights frozen (dotted, right axis, % from 0), from the
 * 'oscillation' technique's history.
 */
export function oscillationFigure(
  history: TechniqueHistory<'oscillation'> | undefined,
  order: readonly string[],
): FigureSpec {
  const frequency = techniqueSeries(history, 'frequency', (f) => f * FLIPS_PER);
  const frozen = frozenPercentSeries(history);
  const data = layerLinesWithCompanions(frequency, frozen, order, {
    main: '%{y:.3g} flips per 1,000 steps',
    companion: '%{y:.1f} % frozen',
    companionSuffix: 'frozen',
  });
  return { data, layout: oscillationLayout(frozen), points: countPoints(frequency), stepAxis: 'x' };
}

/** The share of each layer's weights frozen over steps, in percent (0..100). */
export function frozenPercentSeries(history: TechniqueHistory<'oscillation'> | undefined) {
  return techniqueSeries(history, 'frozen').map((s) => ({ ...s, value: percent(s.value) }));
}

/**
 * Layout of the oscillation chart; the frozen axis runs from 0 % to fit `frozen` (every frozen
 * series drawn, of one run or both twins; `percentRange`).
 */
export function oscillationLayout(
  frozen: readonly { value: readonly number[] }[],
): Partial<Layout> {
  return baseLayout('oscillation', {
    xaxis: titled('training step'),
    yaxis: { ...titled('flips per 1,000 steps (EMA), solid'), rangemode: 'tozero' },
    yaxis2: {
      ...titled('frozen (%), dotted'),
      overlaying: 'y',
      side: 'right',
      range: percentRange(frozen),
      ticksuffix: ' %',
      showgrid: false,
    },
  });
}
