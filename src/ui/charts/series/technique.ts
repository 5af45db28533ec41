import type { ReportingTechniqueId, ReportKey } from '../../../settings/techniques';
import type { TechniqueEvent } from '../../../store/run-state';
import { groupByLayer, type LayerSeries } from './common';

/** Step-ordered technique-metrics events of technique `Id`. */
export type TechniqueHistory<Id extends ReportingTechniqueId> = readonly TechniqueEvent<Id>[];

/**
 * Value `key` of technique events (e.g. 'weightStep' of 'qat', 'frequency' of 'oscillation') per
 * layer over steps, mapped through `transform` (identity by default). Layers that never report
 * `key` get no series; an empty or missing history gives none.
 */
export function techniqueSeries<Id extends ReportingTechniqueId>(
  history: TechniqueHistory<Id> | undefined,
  key: ReportKey<Id>,
  transform: (value: number) => number = (v) => v,
): LayerSeries[] {
  if (!history) return [];
  // Every event of `Id` carries `Id`'s keys; the generic index needs the plain record view.
  const events = history as readonly ReportedEvent<ReportKey<Id>>[];
  return groupByLayer(events, (l) => {
    const value = l.values[key];
    return value === undefined ? undefined : transform(value);
  });
}

/** A technique-metrics event seen as per-layer records of `Key`. */
interface ReportedEvent<Key extends string> {
  step: number;
  layers: readonly { name: string; values: Partial<Record<Key, number>> }[];
}

/**
 * softplus(x) = ln(1 + e^x), computed without overflow. The R2 Soft-min-max temperature is
 * a = softplus(a_raw) / std(W); the plot shows softplus(a_raw), the part that is learned.
 */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}
