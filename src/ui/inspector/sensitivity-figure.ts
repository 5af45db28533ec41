import type { Data } from 'plotly.js';
import type { LayerSensitivity } from '../../engine/protocol';
import { COLORS, OKABE_ITO } from '../charts/palette';
import { baseLayout, horizontalLine, type FigureSpec } from '../charts/traces/common';

/**
 * Test accuracy with only one layer quantized, one bar per layer (the opened one highlighted),
 * against the float model and all layers quantized (dashed lines with their own legend entries).
 */
export function sensitivityFigure(event: LayerSensitivity, open: string | null): FigureSpec {
  const pct = (x: number) => 100 * x;
  const names = event.layers.map((l) => l.name);
  const data: Data[] = [
    {
      type: 'bar',
      name: `only this layer at W${event.bits}`,
      x: names,
      y: event.layers.map((l) => pct(l.accuracy)),
      marker: {
        color: names.map((n) => (n === open ? OKABE_ITO.vermillion : OKABE_ITO.skyBlue)),
      },
      hovertemplate: `%{x} alone at W${event.bits}: %{y:.1f} %<extra></extra>`,
    },
  ];
  const lowest = Math.min(event.allAccuracy, ...event.layers.map((l) => l.accuracy));
  const fp = pct(event.fpAccuracy);
  const all = pct(event.allAccuracy);
  const layout = baseLayout('inspector-sensitivity', {
    xaxis: { title: { text: 'weight layer' }, type: 'category' },
    yaxis: { title: { text: 'test accuracy (%)' }, range: [Math.max(0, pct(lowest) - 5), 100] },
    shapes: [
      horizontalLine(
        fp,
        { color: COLORS.reference, dash: 'dash', width: 1.5 },
        {
          name: `float ${fp.toFixed(1)} %`,
        },
      ),
      horizontalLine(
        all,
        { color: OKABE_ITO.orange, dash: 'dash', width: 1.5 },
        {
          name: `all layers at W${event.bits}: ${all.toFixed(1)} %`,
        },
      ),
    ],
  });
  return { data, layout, points: names.length };
}
