import type { RunState } from '../../../store/run-state';
import { COLORS } from '../palette';
import { countPoints } from '../series/common';
import { kurtosisSeries, outlierRatioSeries } from '../series/layer-stats';
import { baseLayout, layerLinesWithCompanions, titled, type FigureSpec } from './common';

/**
 * Kurtosis per layer (solid, left axis), max|w|/std per layer (dotted, right axis) and a dashed
 * line at the KURE target `target`, drawn whether or not KURE is on (`kureOn` only changes its label).
 */
export function kurtosisFigure(
  history: RunState['layerStatsHistory'],
  target: number,
  kureOn: boolean,
  order: readonly string[],
): FigureSpec {
  const kurtosis = kurtosisSeries(history);
  const ratio = outlierRatioSeries(history);
  const data = layerLinesWithCompanions(kurtosis, ratio, order, {
    main: 'kurtosis %{y:.2f}',
    companion: 'max|w|/std %{y:.2f}',
    companionSuffix: 'max|w|/std',
  });
  const label = `KURE target ${target}${kureOn ? '' : ' (KURE off)'}`;
  const layout = baseLayout('kurtosis', {
    xaxis: titled('training step'),
    yaxis: { ...titled('kurtosis, solid'), rangemode: 'tozero' },
    yaxis2: {
      ...titled('max|w| / std, dotted'),
      overlaying: 'y',
      side: 'right',
      rangemode: 'tozero',
      showgrid: false,
    },
    shapes: [
      {
        type: 'line',
        xref: 'paper',
        yref: 'y',
        x0: 0,
        x1: 1,
        y0: target,
        y1: target,
        line: { color: COLORS.reference, dash: 'dash', width: 1.5 },
      },
    ],
    annotations: [
      {
        xref: 'paper',
        yref: 'y',
        x: 0.01,
        y: target,
        xanchor: 'left',
        yanchor: 'bottom',
        showarrow: false,
        text: label,
        font: { size: 11, color: COLORS.reference },
      },
    ],
  });
  return { data, layout, points: countPoints(kurtosis) };
}
