import type { Data } from 'plotly.js';
import type { RunState } from '../../../store/run-state';
import { bitsColor, COLORS, seriesStyle } from '../palette';
import { countPoints, percent } from '../series/common';
import {
  fpAccuracySeries,
  ptqBitsSeries,
  referenceCurve,
  type BitsSeries,
  type PtqCurve,
} from '../series/ptq';
import { baseLayout, titled, type FigureSpec } from './common';

/** Marker shapes of the re-quantized curves, so they differ beyond colour. */
const EXTRA_SYMBOLS = ['square', 'diamond', 'triangle-up', 'cross', 'x', 'star'] as const;

/**
 * Two panels: left, test accuracy against weight bits, one curve per quantizer (the run's own
 * with markers coloured by bit width, each re-quantization in its own colour and marker) and the
 * newest float accuracy as a dashed line; right, the own quantizer's sweeps over steps, one line
 * per bit width.
 */
export function ptqFigure(
  curves: readonly PtqCurve[],
  history: RunState['ptqHistory'],
): FigureSpec {
  const bits = ptqBitsSeries(history);
  const data: Data[] = [
    ...curveTraces(curves),
    ...floatTrace(curves),
    ...historyTraces(bits, history),
  ];
  const layout = baseLayout('ptq', {
    // Short axis titles: the two panels' titles share one line (the caption says the rest).
    xaxis: { ...titled('weight bits (latest)'), domain: [0, 0.42], dtick: 1 },
    yaxis: { ...titled('test accuracy (%)'), range: [0, 100] },
    xaxis2: { ...titled('training step'), domain: [0.56, 1], anchor: 'y2' },
    yaxis2: { range: [0, 100], anchor: 'x2' },
  });
  const curvePoints = curves.reduce((n, c) => n + c.bits.length, 0);
  return { data, layout, points: curvePoints + countPoints(bits), stepAxis: 'x2' };
}

/** Every quantizer's curve; the re-quantizations take the series colours in turn. */
function curveTraces(curves: readonly PtqCurve[]): Data[] {
  let extras = 0;
  return curves.map((c) => curveTrace(c, c.own ? -1 : extras++));
}

/** One quantizer's curve; `extra` is its place among the re-quantizations (< 0: the own one). */
function curveTrace(c: PtqCurve, extra: number): Data {
  const style = extra < 0 ? null : seriesStyle(extra);
  const name = `${c.quantizer}, step ${c.step}`;
  return {
    type: 'scatter',
    mode: 'lines+markers',
    name,
    legendgroup: c.quantizer,
    x: c.bits,
    y: percent(c.accuracy),
    text: c.labels,
    line: { color: style?.color ?? COLORS.neutral, width: 1.5 },
    marker: style
      ? { size: 8, color: style.color, symbol: EXTRA_SYMBOLS[extra % EXTRA_SYMBOLS.length] }
      : { size: 9, color: c.bits.map(bitsColor) },
    hovertemplate: `${name}<br>%{text}: %{y:.1f} %<extra></extra>`,
  };
}

/** The newest sweep's float accuracy across the bit widths drawn. */
function floatTrace(curves: readonly PtqCurve[]): Data[] {
  const reference = referenceCurve(curves);
  const xs = curves.flatMap((c) => c.bits);
  if (!reference || xs.length === 0) return [];
  const y = 100 * reference.fpAccuracy;
  return [
    {
      type: 'scatter',
      mode: 'lines',
      name: 'float model',
      x: [Math.min(...xs), Math.max(...xs)],
      y: [y, y],
      line: { color: COLORS.reference, dash: 'dash', width: 1.5 },
      hovertemplate: 'float: %{y:.1f} %<extra></extra>',
    },
  ];
}

/** The own quantizer's sweeps over steps: one line per bit width, and float dashed. */
function historyTraces(bits: readonly BitsSeries[], history: RunState['ptqHistory']): Data[] {
  const data: Data[] = bits.map((s) => {
    const color = bitsColor(s.bits);
    return {
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
    };
  });
  const fp = fpAccuracySeries(history);
  if (fp.step.length === 0) return data;
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
  return data;
}
