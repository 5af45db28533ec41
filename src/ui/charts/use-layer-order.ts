import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import { layerOrder } from './series/layer-stats';

/**
 * The model's weight layers in forward order (from the run's first layer-stats event), so that a
 * layer keeps one colour in every chart. Changes only when a new run reports its first stats.
 */
export function useLayerOrder(): string[] {
  const first = useLab((s) => s.run.layerStatsHistory[0]);
  return useMemo(() => layerOrder(first), [first]);
}
