import { describe, expect, test } from 'vitest';
import { countPoints, percent } from '../../../src/ui/charts/series/common';
import {
  kurtosisSeries,
  layerOrder,
  outlierRatioSeries,
} from '../../../src/ui/charts/series/layer-stats';
import type { RunState } from '../../../src/store/run-state';

const layer = (name: string, kurtosis: number, maxAbs: number, std: number) => ({
  name,
  kind: 'conv',
  kurtosis,
  maxAbs,
  std,
});

const history: RunState['layerStatsHistory'] = [
  { type: 'layer-stats', step: 10, layers: [layer('a', 3.2, 0.4, 0.1), layer('b', 2.5, 1, 0.5)] },
  { type: 'layer-stats', step: 20, layers: [layer('a', 2.6, 0.3, 0.1), layer('b', 2.0, 0, 0)] },
];

describe('layer-stats series', () => {
  test('kurtosis per layer over steps, in first-seen order', () => {
    expect(kurtosisSeries(history)).toEqual([
      { name: 'a', step: [10, 20], value: [3.2, 2.6] },
      { name: 'b', step: [10, 20], value: [2.5, 2.0] },
    ]);
  });

  test('max|w|/std per layer, NaN (a gap) where std is 0', () => {
    const [a, b] = outlierRatioSeries(history);
    expect(a!.value[0]).toBeCloseTo(4, 12);
    expect(a!.value[1]).toBeCloseTo(3, 12);
    expect(b!.value).toEqual([2, Number.NaN]);
  });

  test('layer order comes from the first event; helpers count and scale', () => {
    expect(layerOrder(history[0])).toEqual(['a', 'b']);
    expect(layerOrder(undefined)).toEqual([]);
    expect(countPoints(kurtosisSeries(history))).toBe(4);
    expect(kurtosisSeries([])).toEqual([]);
    expect(percent([0.5, 0.125])).toEqual([50, 12.5]);
  });
});
