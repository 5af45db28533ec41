import type { Data } from 'plotly.js';
import type { RunState } from '../../../store/run-state';
import { COLORS, layerStyle } from '../palette';
import { countPoints } from '../series/common';
import { kurtosisSeries, outlierRatioSeries } from '../series/layer-stats';
import { baseLayout, titled, type FigureSpec } from './common';

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
  const names = kurtosis.map((s) => s.name);
  const data: Data[] = [
    ...kurtosis.map((s): Data => {
      const style = layerStyle(s.name, order, names);
      return {
        type: 'scatter',
        mode: 'lines',
        name: s.name,
        legendgroup: s.name,
        x: s.step,
        y: s.value,
        line: { color: style.color, dash: style.dash, width: 2 },
        hovertemplate: `${s.name}<br>step %{x}<br>kurtosis %{y:.2f}<extra></extra>`,
      };
    }),
    ...ratio.map((s): Data => ({
      type: 'scatter',
      mode: 'lines',
      name: `${s.name} max|w|/std`,
      legendgroup: s.name,
      showlegend: false,
      x: s.step,
      y: s.value,
      yaxis: 'y2',
      line: { color: layerStyle(s.name, order, names).color, dash: 'dot', width: 1 },
      hovertemplate: `${s.name}<br>step %{x}<br>max|w|/std %{y:.2f}<extra></extra>`,
    })),
  ];
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
