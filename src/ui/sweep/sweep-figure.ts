/**
 * The sweep plot as a Plotly figure (types only: nothing loads Plotly here): the metric against
 * the knob, mean ± std over seeds as error bars, each seed as a faint dot, diverged runs as
 * crosses, and A's own value as a star on a dotted line. Every run's key rides along as
 * `customdata`, so a click can open that run.
 */
import type { Data } from 'plotly.js';
import { SETTINGS, type Recipe } from '../../settings/schema';
import type { SeedPoint, ValueRow } from '../../sweep/aggregate';
import type { SweepMetric } from '../../sweep/sweep-metrics';
import type { KnobValue, SweepSpec } from '../../sweep/sweep-types';
import { COLORS, OKABE_ITO } from '../charts/palette';
import { baseLayout, titled, type FigureSpec } from '../charts/traces/common';

/** Names of the traces (the e2e test and the legend read them). */
export const SWEEP_TRACES = {
  mean: 'Mean ± std over seeds',
  seeds: 'Each seed',
  diverged: 'Diverged (left out of the mean)',
  own: 'A’s own value',
} as const;

/** What the plot is drawn from. */
export interface SweepFigureInput {
  rows: readonly ValueRow[];
  spec: SweepSpec;
  /** Recipe A of the sweep: its own knob value is marked. */
  recipe: Recipe;
  metric: SweepMetric;
}

/** The x axis a knob gets: options as categories, log-scaled numbers on a log axis. */
export function knobAxisType(spec: SweepSpec): 'category' | 'log' | 'linear' {
  const setting = SETTINGS[spec.knob];
  if (setting.kind === 'enum') return 'category';
  const positive = spec.values.every((v) => typeof v === 'number' && v > 0);
  return setting.log === true && positive ? 'log' : 'linear';
}

export function sweepFigure({ rows, spec, recipe, metric }: SweepFigureInput): FigureSpec {
  const scale = metric.format === 'percent' ? 100 : 1;
  const axis = knobAxisType(spec);
  const x = (value: KnobValue) => (axis === 'category' ? String(value) : value);
  const seeds = rows.flatMap((r) => r.points.map((p) => ({ value: r.value, p })));
  const diverged = rows.flatMap((r) => r.diverged.map((p) => ({ value: r.value, p })));
  const ys = seeds.map((s) => s.p.y * scale);
  const floor = ys.length > 0 ? Math.min(...ys) : 0;
  const shown = rows.filter((r) => Number.isFinite(r.mean));
  const dot = (list: typeof seeds, y: (p: SeedPoint) => number) => ({
    x: list.map((s) => x(s.value)),
    y: list.map((s) => y(s.p)),
    customdata: list.map((s) => s.p.key),
    text: list.map((s) => `seed ${s.p.seed}`),
  });
  const data: Data[] = [
    {
      type: 'scatter',
      mode: 'markers',
      name: SWEEP_TRACES.seeds,
      ...dot(seeds, (p) => p.y * scale),
      marker: { color: COLORS.neutral, size: 7, opacity: 0.35 },
      hovertemplate: '%{x}, %{text}: %{y:.3g}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: SWEEP_TRACES.mean,
      x: shown.map((r) => x(r.value)),
      y: shown.map((r) => r.mean * scale),
      customdata: shown.map((r) => r.points[0]?.key ?? ''),
      text: shown.map((r) => `n = ${r.points.length}`),
      error_y: { type: 'data', array: shown.map((r) => r.std * scale), visible: true, width: 6 },
      line: { color: OKABE_ITO.blue, width: 2 },
      marker: { color: OKABE_ITO.blue, size: 8 },
      hovertemplate: '%{x}: mean %{y:.3g} ± %{error_y.array:.2g} (%{text})<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'markers',
      name: SWEEP_TRACES.diverged,
      ...dot(diverged, (p) => (Number.isFinite(p.y) ? p.y * scale : floor)),
      marker: { color: OKABE_ITO.vermillion, size: 11, symbol: 'x' },
      hovertemplate: '%{x}, %{text}: diverged<extra></extra>',
      visible: diverged.length > 0 ? true : 'legendonly',
    },
    ...ownValue(rows, recipe[spec.knob], { x, scale, categories: axis === 'category' }, [
      floor,
      ...ys,
    ]),
  ];
  const layout = baseLayout('sweep', {
    xaxis: { ...titled(SETTINGS[spec.knob].label), type: axis },
    yaxis: titled(axisTitle(metric)),
  });
  return { data, layout, points: seeds.length + diverged.length };
}

/**
 * A's own value: a star on its row's mean, over a dotted vertical line across the data. On a
 * category axis a value the sweep does not hold would add a category, so it is left out there.
 */
function ownValue(
  rows: readonly ValueRow[],
  own: KnobValue,
  { x, scale, categories }: { x: (v: KnobValue) => KnobValue; scale: number; categories: boolean },
  ys: number[],
): Data[] {
  const row = rows.find((r) => r.value === own);
  const finite = ys.filter(Number.isFinite);
  if (finite.length === 0 || (categories && !row)) return [];
  const style = { color: COLORS.reference };
  const line: Data = {
    type: 'scatter',
    mode: 'lines',
    name: SWEEP_TRACES.own,
    legendgroup: 'own',
    x: [x(own), x(own)],
    y: [Math.min(...finite), Math.max(...finite)],
    line: { ...style, dash: 'dot', width: 1 },
    hoverinfo: 'skip',
  };
  if (!row || !Number.isFinite(row.mean)) return [line];
  const star: Data = {
    type: 'scatter',
    mode: 'markers',
    name: SWEEP_TRACES.own,
    legendgroup: 'own',
    showlegend: false,
    x: [x(own)],
    y: [row.mean * scale],
    customdata: [row.points[0]?.key ?? ''],
    marker: { ...style, symbol: 'star', size: 14 },
    hovertemplate: 'A’s own value %{x}<extra></extra>',
  };
  return [line, star];
}

/** The metric's label without its parenthesis (the caption has room for it), with its unit. */
function axisTitle(metric: SweepMetric): string {
  const short = metric.label.replace(/\s*\(.*\)$/, '');
  return metric.format === 'percent' ? `${short} (%)` : short;
}
