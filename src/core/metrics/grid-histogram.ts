import { QuantError } from '../errors';
import { levelCount, type IntGrid } from '../quant/grid';
import { assertFiniteValues } from '../quant/validate';
import { roundHalfEven } from '../rounding';

/** Re-exported for callers of this module; defined once in core/rounding.ts. */
export { roundHalfEven };

/**
 * Histogram of latent weights on a quantization grid (issue 3 item 8; grid of methods.md 1.1).
 * Input is the latent position u = w / s + z of each weight on the integer axis (see
 * `latentIntegers` in core/quant), so per-tensor and per-channel scales share one set of bins.
 */
export interface GridHistogram {
  /** Integer levels n..p, one bin each. */
  levels: Int32Array;
  /** Bin edges in integer units, at the mid-points between levels: n - 0.5, ..., p + 0.5. */
  edges: Float64Array;
  /** Latent weights per level bin: those whose nearest level (round half to even) is that level. */
  latentCounts: Float64Array;
  /** Latent weights whose nearest level lies below n (left of the first bin). */
  belowGrid: number;
  /** Latent weights whose nearest level lies above p (right of the last bin). */
  aboveGrid: number;
  /** Latent weights beyond the clipping range on the low side: u < n (the STE passes no gradient). */
  clippedBelow: number;
  /** Latent weights beyond the clipping range on the high side: u > p. */
  clippedAbove: number;
  /** Quantized weights per level: x_int = clamp(round(u), n, p). Sums to `total`. */
  quantizedCounts: Float64Array;
  /** Number of weights. */
  total: number;
}

/**
 * Histogram of latent weights `latent` (u = w / s + z, integer units) on `grid`, with one bin per
 * integer level and edges at the grid mid-points, plus the weights beyond the grid and beyond the
 * clipping range, and the counts after quantization. Cadence-time metric on plain arrays; throws a
 * QuantError on empty or non-finite input.
 */
export function gridHistogram(latent: ArrayLike<number>, grid: IntGrid): GridHistogram {
  assertFiniteValues(latent, 'latent weights');
  const size = levelCount(grid);
  const latentCounts = new Float64Array(size);
  let belowGrid = 0;
  let aboveGrid = 0;
  let clippedBelow = 0;
  let clippedAbove = 0;
  for (let i = 0; i < latent.length; i++) {
    const u = latent[i]!;
    const level = roundHalfEven(u);
    if (level < grid.n) belowGrid++;
    else if (level > grid.p) aboveGrid++;
    else latentCounts[level - grid.n]!++;
    if (u < grid.n) clippedBelow++;
    else if (u > grid.p) clippedAbove++;
  }
  const quantizedCounts = latentCounts.slice();
  quantizedCounts[0]! += belowGrid;
  quantizedCounts[size - 1]! += aboveGrid;
  return {
    levels: Int32Array.from({ length: size }, (_, i) => grid.n + i),
    edges: Float64Array.from({ length: size + 1 }, (_, i) => grid.n + i - 0.5),
    latentCounts,
    belowGrid,
    aboveGrid,
    clippedBelow,
    clippedAbove,
    quantizedCounts,
    total: latent.length,
  };
}

/**
 * Fraction of weights at each integer level n..p (issue 3 item 8), from integer codes (e.g. from
 * `quantizeToIntegers`). Sums to 1. Throws a QuantError on empty input or a code off the grid.
 */
export function levelFractions(codes: ArrayLike<number>, grid: IntGrid): Float64Array {
  if (codes.length === 0) throw new QuantError('level fractions need at least one code');
  const out = new Float64Array(levelCount(grid));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (!Number.isInteger(c) || c < grid.n || c > grid.p) {
      throw new QuantError(
        `code ${c} at index ${i} is not a level of the grid [${grid.n}, ${grid.p}]`,
      );
    }
    out[c - grid.n]!++;
  }
  return out.map((count) => count / codes.length);
}

/**
 * Bin edges of {@link gridHistogram} in weight units for a per-tensor quantizer: s (edge - z).
 * (Per-channel quantizers have one set per channel; plot those in integer units.)
 */
export function floatEdges(grid: IntGrid, scale: number, zeroPoint: number): Float64Array {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new QuantError(`scale must be a positive finite number, got ${scale}`);
  }
  return Float64Array.from({ length: levelCount(grid) + 1 }, (_, i) => {
    return scale * (grid.n + i - 0.5 - zeroPoint);
  });
}
