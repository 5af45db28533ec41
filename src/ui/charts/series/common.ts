/** Shapes and helpers shared by the series builders (plain data, no React, no Plotly). */

/** One named line: y values `value` at training steps `step` (parallel arrays). */
export interface LayerSeries {
  /** Layer (or series) name, as the engine reports it. */
  name: string;
  step: number[];
  value: number[];
}

/** Fractions (0..1) as percentages (0..100). */
export const percent = (values: readonly number[]): number[] => values.map((v) => 100 * v);

/**
 * The latest value of a series of fractions as percent with the step it was measured at, e.g.
 * '9.1 % (step 0)', or '–' while it is empty. For values read on a coarse cadence (test
 * accuracy every `evalEvery` steps), where a value without its step reads as current when stale.
 */
export function latestPercentText(series: {
  step: readonly number[];
  value: readonly number[];
}): string {
  const i = series.value.length - 1;
  if (i < 0) return '–';
  return `${(100 * series.value[i]!).toFixed(1)} % (step ${series.step[i]})`;
}

/** Number of points over all `series` (what a chart reports as `data-points`). */
export function countPoints(series: readonly { step: readonly number[] }[]): number {
  return series.reduce((sum, s) => sum + s.step.length, 0);
}

/**
 * Group per-layer values of step-ordered events into one series per layer, in first-seen order.
 * `pick` returns the value of one layer entry, or undefined to skip that entry.
 */
export function groupByLayer<L extends { name: string }>(
  events: readonly { step: number; layers: readonly L[] }[],
  pick: (layer: L) => number | undefined,
): LayerSeries[] {
  const byName = new Map<string, LayerSeries>();
  for (const event of events) {
    for (const layer of event.layers) {
      const value = pick(layer);
      if (value === undefined) continue;
      let series = byName.get(layer.name);
      if (!series) {
        series = { name: layer.name, step: [], value: [] };
        byName.set(layer.name, series);
      }
      series.step.push(event.step);
      series.value.push(value);
    }
  }
  return [...byName.values()];
}
