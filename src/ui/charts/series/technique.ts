import type { RunState } from '../../../store/run-state';
import { groupByLayer, type LayerSeries } from './common';

/** Step-ordered technique-metrics events of one technique. */
export type TechniqueHistory = RunState['techniqueHistory'][string];

/**
 * Value `key` of technique events (e.g. 'weightStep' of 'qat', 'frequency' of 'oscillation') per
 * layer over steps, mapped through `transform` (identity by default). Layers that never report
 * `key` get no series; an empty or missing history gives none.
 */
export function techniqueSeries(
  history: TechniqueHistory | undefined,
  key: string,
  transform: (value: number) => number = (v) => v,
): LayerSeries[] {
  if (!history) return [];
  return groupByLayer(history, (l) => {
    const value = l.values[key];
    return value === undefined ? undefined : transform(value);
  });
}

/**
 * softplus(x) = ln(1 + e^x), computed without overflow. The R2 Soft-min-max temperature is
 * a = softplus(a_raw) / std(W); the plot shows softplus(a_raw), the part that is learned.
 */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
