import type { Data } from 'plotly.js';
import type { LayerOutliers, LayerSqnr } from '../../engine/protocol';
import { SQNR_QUANTIZERS } from '../../core/metrics/sqnr-quantizers';
import { OKABE_ITO } from '../charts/palette';
import { baseLayout } from '../charts/traces/common';
import type { FigureSpec } from '../charts/traces/common';

/** One colour per inspector quantizer, in `SQNR_QUANTIZERS` order. */
const QUANTIZER_COLORS = [
  OKABE_ITO.vermillion,
  OKABE_ITO.blue,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.orange,
];

/** The label of quantizer `id` ('symmetric per-channel min-max'), or the id itself. */
export const quantizerLabel = (id: string): string =>
  SQNR_QUANTIZERS.find((q) => q.id === id)?.label ?? id;

/** SQNR (dB) of one layer against the weight bit width, one line per quantizer. */
export function sqnrFigure(
  layer: LayerSqnr,
  quantizers: readonly string[],
  bits: readonly number[],
): FigureSpec {
  const data: Data[] = quantizers.map((id, q) => ({
    name: quantizerLabel(id),
    x: [...bits],
    y: layer.db[q]!.map((v) => v ?? NaN),
    mode: 'lines+markers',
    line: { color: QUANTIZER_COLORS[q % QUANTIZER_COLORS.length] },
  }));
  const layout = baseLayout('inspector-sqnr', {
    xaxis: { title: { text: 'weight bits' }, dtick: 1 },
    yaxis: { title: { text: `SQNR of ${layer.name} (dB)` } },
  });
  return { data, layout, points: bits.length * quantizers.length };
}

/**
 * Each per-channel scale's channel as a bar from its smallest to its largest weight: one wide
 * channel sets a per-tensor grid's step for all the others, which per-channel scales avoid.
 */
export function channelRangeFigure(layer: LayerOutliers): FigureSpec {
  const channels = layer.channelMin.map((_, i) => i);
  const data: Data[] = [
    {
      type: 'bar',
      name: 'weight range (min to max)',
      x: channels,
      base: layer.channelMin,
      y: layer.channelMax.map((max, i) => max - layer.channelMin[i]!),
      marker: { color: OKABE_ITO.skyBlue },
      hovertemplate: 'channel %{x}: %{base:.3g} to %{customdata:.3g}<extra></extra>',
      customdata: layer.channelMax,
    } as Data,
  ];
  const layout = baseLayout('inspector-channels', {
    xaxis: { title: { text: `channel of ${layer.name} (one per-channel scale each)` } },
    yaxis: { title: { text: 'weight' } },
    showlegend: false,
    bargap: 0.15,
  });
  return { data, layout, points: channels.length };
}
