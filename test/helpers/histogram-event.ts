import type { HistogramEvent } from '../../src/ui/charts/series/histogram';

/** A 2-bit histogram event of conv2 at step 50 on grid levels -2..1, for the chart tests. */
export const histogramEvent = (
  scale: number | null,
  grid: 'ptq' | 'learned' = 'ptq',
): HistogramEvent => ({
  type: 'histogram',
  step: 50,
  layer: 'conv2',
  bits: 2,
  n: -2,
  p: 1,
  latentCounts: [1, 5, 7, 2],
  quantizedCounts: [3, 5, 7, 4],
  clippedBelow: 2,
  clippedAbove: 1,
  scale,
  zeroPoint: 0,
  grid,
});
