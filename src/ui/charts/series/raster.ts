import type { WeightTraceState } from '../../../store/run-state';

/** The weight trace arranged for a heatmap: one row per sampled weight, one column per step. */
export interface WeightRaster {
  layer: string;
  /** Grid bounds (integer levels n..p). */
  n: number;
  p: number;
  /** Training step of each column. */
  steps: number[];
  /** Row labels: sampled weight index 0..K-1. */
  weights: number[];
  /** z[k][i]: integer level of weight k after steps[i] (NaN where a row is short). */
  z: number[][];
  /** Level changes of each weight between consecutive steps of the trace. */
  flipsPerWeight: number[];
  /** Sum of flipsPerWeight. */
  totalFlips: number;
}

/**
 * Transpose `trace` (steps × weights) into a raster (weights × steps) and count each weight's
 * flips: steps where its integer value differs from the step before.
 */
export function weightRaster(trace: WeightTraceState): WeightRaster {
  const rows = trace.values;
  const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
  const weights = Array.from({ length: width }, (_, k) => k);
  const z = weights.map((k) => rows.map((row) => row[k] ?? Number.NaN));
  const flipsPerWeight = z.map((line) => {
    let flips = 0;
    for (let i = 1; i < line.length; i++) {
      const [a, b] = [line[i - 1]!, line[i]!];
      if (Number.isFinite(a) && Number.isFinite(b) && a !== b) flips++;
    }
    return flips;
  });
  return {
    layer: trace.layer,
    n: trace.n,
    p: trace.p,
    steps: [...trace.steps],
    weights,
    z,
    flipsPerWeight,
    totalFlips: flipsPerWeight.reduce((a, b) => a + b, 0),
  };
}
