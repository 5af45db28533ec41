import { QuantError } from '../errors';
import { assertFiniteValues } from '../quant/validate';

/** Outlier summary of one weight tensor (issue 3 item 8, methods.md 6 "Metrics"). */
export interface OutlierStats {
  /** max |w|, in weight units. */
  maxAbs: number;
  /** Standard deviation with the N - 1 (unbiased) divisor, as everywhere in the lab (methods.md 6). */
  std: number;
  /** max|w| / std: how many standard deviations the largest weight sits from 0 (dimensionless). */
  ratio: number;
}

/** Formula of {@link outlierStats}, as implemented. */
export const MAX_OVER_STD_FORMULA = 'max_i |w_i| / sqrt( sum_i (w_i - mean(w))^2 / (N - 1) )';

/**
 * max|w| / std of a weight tensor given as a plain array (issue 3 item 8): the outlier measure that
 * R2 and KURE shrink. Cadence-time metric. Throws a QuantError on fewer than 2 values, on non-finite
 * values, or when all values are equal (std = 0 would make the ratio Inf or NaN).
 */
export function outlierStats(values: ArrayLike<number>): OutlierStats {
  assertFiniteValues(values, 'weights');
  const n = values.length;
  if (n < 2) throw new QuantError(`max|w|/std needs at least 2 weights, got ${n}`);
  let sum = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i]!;
    maxAbs = Math.max(maxAbs, Math.abs(values[i]!));
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  const std = Math.sqrt(squares / (n - 1));
  if (std === 0) {
    throw new QuantError('max|w|/std is undefined when all weights are equal (std = 0)');
  }
  return { maxAbs, std, ratio: maxAbs / std };
}
