import type { Data, Layout } from 'plotly.js';
import { tagLayer } from '../layer-meta';
import { layerStyle } from '../palette';
import { allPositive } from '../series/loss-terms';
import { countPoints, type LayerSeries } from '../series/common';
import { softplus, techniqueSeries, type TechniqueHistory } from '../series/technique';
import { logAxis } from './axes';
import { baseLayout, titled, type FigureSpec } from './common';

/** One kind of learned value: which series, how drawn, on which axis. */
export interface Part {
  series: LayerSeries[];
  what: string;
  /** Unit of the values, for the hover text. */
  unit: string;
  /** Short name for an axis title. */
  short: string;
  dash: 'solid' | 'longdash' | 'dot';
  yaxis: 'y' | 'y2' | 'y3';
}

/** The QAT and R2 series this figure draws, from the two techniques' histories. */
export function quantParamParts(
  qat: TechniqueHistory<'qat'> | undefined,
  r2: TechniqueHistory<'r2'> | undefined,
): Part[] {
  const parts: Part[] = [
    {
      series: techniqueSeries(qat, 'weightStep'),
      what: 'weight step s_w',
      unit: 'weight units',
      short: 's_w',
      dash: 'solid',
      yaxis: 'y',
    },
    {
      series: techniqueSeries(qat, 'inputStep'),
      what: 'input step s_a',
      unit: 'activation units',
      short: 's_a',
      // Not 'dash': twin B draws A's solid s_w dashed (traces/twin.ts).
      dash: 'longdash',
      yaxis: 'y',
    },
    {
      series: techniqueSeries(qat, 'inputOffset'),
      what: 'input offset β',
      unit: 'activation units',
      short: 'β',
      dash: 'dot',
      yaxis: 'y2',
    },
    {
      series: techniqueSeries(r2, 'margin'),
      what: 'R2 margin M',
      unit: 'weight units',
      short: 'R2 margin M (w units)',
      dash: 'solid',
      yaxis: 'y3',
    },
    {
      series: techniqueSeries(r2, 'aRaw', softplus),
      what: 'R2 softplus(a_raw)',
      unit: 'unitless; a = softplus(a_raw) / std(W)',
      short: 'R2 softplus(a_raw)',
      dash: 'solid',
      yaxis: 'y3',
    },
  ];
  return parts.filter((p) => p.series.length > 0);
}

/**
 * Learned quantizer parameters per layer over steps: QAT's step sizes (left axis, log when all
 * positive) and input offset β (right axis) on top; R2's margin or softplus(a_raw) below.
 */
export function quantParamsFigure(
  qat: TechniqueHistory<'qat'> | undefined,
  r2: TechniqueHistory<'r2'> | undefined,
  order: readonly string[],
): FigureSpec {
  const parts = quantParamParts(qat, r2);
  const names = [...new Set(parts.flatMap((p) => p.series.map((s) => s.name)))];
  const inLegend = new Set<string>();
  const data: Data[] = parts.flatMap((part) =>
    part.series.map((s): Data => {
      const first = !inLegend.has(s.name);
      inLegend.add(s.name);
      return tagLayer(
        {
          type: 'scatter',
          mode: 'lines',
          name: first ? s.name : `${s.name} ${part.what}`,
          legendgroup: s.name,
          showlegend: first,
          x: s.step,
          y: s.value,
          yaxis: part.yaxis,
          line: { color: layerStyle(s.name, order, names).color, dash: part.dash, width: 1.5 },
          hovertemplate: `${s.name}<br>${part.what}<br>step %{x}<br>%{y:.4g} (${part.unit})<extra></extra>`,
        },
        s.name,
      );
    }),
  );
  const points = parts.reduce((sum, p) => sum + countPoints(p.series), 0);
  return { data, layout: quantParamsLayout(parts), points, stepAxis: 'x' };
}

/**
 * The layout for both twins' parts: an axis shows where either run has values, and each value is
 * named once in the axis titles (A's first).
 */
export function quantParamsTwinLayout(a: readonly Part[], b: readonly Part[]): Partial<Layout> {
  const merged = new Map<string, Part>();
  for (const part of [...a, ...b]) {
    const seen = merged.get(part.what);
    merged.set(part.what, seen ? { ...seen, series: [...seen.series, ...part.series] } : part);
  }
  return quantParamsLayout([...merged.values()]);
}

function quantParamsLayout(parts: readonly Part[]): Partial<Layout> {
  const on = (axis: Part['yaxis']) => parts.filter((p) => p.yaxis === axis);
  const [steps, offsets, r2] = [on('y'), on('y2'), on('y3')];
  const hasQat = steps.length > 0 || offsets.length > 0;
  const hasR2 = r2.length > 0;
  const top: [number, number] = hasR2 ? [0.56, 1] : [0, 1];
  const bottom: [number, number] = hasQat ? [0, 0.42] : [0, 1];
  const stepSeries = steps.flatMap((p) => p.series);
  const log = allPositive(stepSeries);
  const r2Title = r2.map((p) => p.short).join(' / ') || 'R2 value';
  return baseLayout('quant-params', {
    xaxis: { ...titled('training step'), anchor: hasR2 || !hasQat ? 'y3' : 'y' },
    yaxis: {
      ...titled(`step ${steps.map((p) => p.short).join(', ') || 's'}${log ? ' (log)' : ''}`),
      ...(log ? logAxis(stepSeries) : { type: 'linear' }),
      domain: top,
      visible: hasQat,
    },
    yaxis2: {
      ...titled('offset β (dotted)'),
      overlaying: 'y',
      side: 'right',
      showgrid: false,
      visible: offsets.length > 0,
    },
    yaxis3: { ...titled(r2Title), domain: bottom, visible: hasR2 || !hasQat },
  });
}
