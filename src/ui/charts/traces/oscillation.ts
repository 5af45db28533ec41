import type { Data } from 'plotly.js';
import { layerStyle } from '../palette';
import { countPoints, percent } from '../series/common';
import { techniqueSeries, type TechniqueHistory } from '../series/technique';
import { baseLayout, titled, type FigureSpec } from './common';

/**
 * Oscillation frequency per tracked layer (solid, left axis) and the share of the layer's weights
 * frozen (dotted, right axis, %), from the 'oscillation' technique's history.
 */
export function oscillationFigure(
  history: TechniqueHistory | undefined,
  order: readonly string[],
): FigureSpec {
  const frequency = techniqueSeries(history, 'frequency');
  const frozen = techniqueSeries(history, 'frozen');
  const names = frequency.map((s) => s.name);
  const data: Data[] = [
    ...frequency.map((s): Data => {
      const style = layerStyle(s.name, order, names);
      return {
        type: 'scatter',
        mode: 'lines',
        name: s.name,
        legendgroup: s.name,
        x: s.step,
        y: s.value,
        line: { color: style.color, dash: style.dash, width: 2 },
        hovertemplate: `${s.name}<br>step %{x}<br>frequency %{y:.4f} per step<extra></extra>`,
      };
    }),
    ...frozen.map((s): Data => ({
      type: 'scatter',
      mode: 'lines',
      name: `${s.name} frozen`,
      legendgroup: s.name,
      showlegend: false,
      x: s.step,
      y: percent(s.value),
      yaxis: 'y2',
      line: { color: layerStyle(s.name, order, names).color, dash: 'dot', width: 1 },
      hovertemplate: `${s.name}<br>step %{x}<br>%{y:.1f} % frozen<extra></extra>`,
    })),
  ];
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
  return { data, layout, points: countPoints(frequency) };
}
