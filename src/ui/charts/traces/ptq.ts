import type { Data } from 'plotly.js';
import type { RunState } from '../../../store/run-state';
import { bitsColor, COLORS } from '../palette';
import { countPoints, percent } from '../series/common';
import { fpAccuracySeries, ptqBitsSeries } from '../series/ptq';
import { baseLayout, titled, type FigureSpec } from './common';

/**
 * Two panels: left, the latest sweep's test accuracy at each weight bit width (x = bits) with the
 * float accuracy as a dashed line; right, every sweep over steps, one line per bit width.
 */
export function ptqFigure(latest: RunState['ptq'], history: RunState['ptqHistory']): FigureSpec {
  const bits = ptqBitsSeries(history);
  const fp = fpAccuracySeries(history);
  const data: Data[] = [];
  if (latest && latest.points.length > 0) {
    const xs = latest.points.map((p) => p.bits);
    data.push(
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: `PTQ, step ${latest.step}`,
        x: xs,
        y: percent(latest.points.map((p) => p.accuracy)),
        text: latest.points.map((p) => p.label),
        line: { color: COLORS.neutral, width: 1.5 },
        marker: { size: 9, color: xs.map(bitsColor) },
        hovertemplate: '%{text}: %{y:.1f} %<extra></extra>',
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'float model',
        x: [Math.min(...xs), Math.max(...xs)],
        y: [100 * latest.fpAccuracy, 100 * latest.fpAccuracy],
        line: { color: COLORS.reference, dash: 'dash', width: 1.5 },
        hovertemplate: 'float: %{y:.1f} %<extra></extra>',
      },
    );
  }
  for (const s of bits) {
    const color = bitsColor(s.bits);
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: s.label,
      x: s.step,
      y: percent(s.accuracy),
      xaxis: 'x2',
      yaxis: 'y2',
      line: { color, width: 1.5 },
      marker: { size: 5, color },
      hovertemplate: `${s.label}<br>step %{x}<br>%{y:.1f} %<extra></extra>`,
    });
  }
  if (fp.step.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: 'float over steps',
      showlegend: false,
      x: fp.step,
      y: percent(fp.value),
      xaxis: 'x2',
      yaxis: 'y2',
      line: { color: COLORS.reference, dash: 'dash', width: 1 },
      hovertemplate: 'float<br>step %{x}<br>%{y:.1f} %<extra></extra>',
    });
  }
  const layout = baseLayout('ptq', {
    // Up to nine entries wrap to three rows, which shrink the plot: keep clear of the axis titles.
    legend: { orientation: 'h', y: -0.3, yanchor: 'top' },
    xaxis: { ...titled('weight bits (latest sweep)'), domain: [0, 0.42], dtick: 1 },
    yaxis: { ...titled('test accuracy (%)'), range: [0, 100] },
    xaxis2: { ...titled('training step (each sweep)'), domain: [0.56, 1], anchor: 'y2' },
    yaxis2: { range: [0, 100], anchor: 'x2' },
  });
  return { data, layout, points: (latest?.points.length ?? 0) + countPoints(bits) };
}
