import type { RunState } from '../../../store/run-state';
import { groupByLayer, type LayerSeries } from './common';

type LayerStatsHistory = RunState['layerStatsHistory'];

/** Kurtosis (unitless; 3 for a Gaussian, 1.8 for a uniform distribution) per layer over steps. */
export function kurtosisSeries(history: LayerStatsHistory): LayerSeries[] {
  return groupByLayer(history, (l) => l.kurtosis);
}

/**
 * max|w| / std per layer over steps (unitless; how many standard deviations the largest weight
 * lies out, an outlier measure). NaN, a gap in the line, where std is 0.
 */
export function outlierRatioSeries(history: LayerStatsHistory): LayerSeries[] {
  return groupByLayer(history, (l) => (l.std > 0 ? l.maxAbs / l.std : Number.NaN));
}

/** The weight layers' names in model (forward) order, from the first layer-stats event. */
export function layerOrder(first: LayerStatsHistory[number] | undefined): string[] {
  return first ? first.layers.map((l) => l.name) : [];
}
