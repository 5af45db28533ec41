/**
 * Statistics over seeds, defined once: the paper-check's verdicts and a sweep's error bars and
 * "beyond noise" marks use these, so the lab and the report cannot disagree on what noise is.
 * Plain numbers, no tfjs.
 */

/** Fewest seeds a verdict (beyond or within noise) is given on. */
export const MIN_SEEDS = 3;

/** Two-sided confidence of the paired interval. */
export const CONFIDENCE = 0.95;

/** Student's t quantile t(0.975, df) for df = 1..30 (standard table values). */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/** t(0.975, df): the table above, and the normal quantile 1.96 past df 30. */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom ${df}`);
  return T_975[df - 1] ?? 1.96;
}

/** Arithmetic mean; NaN for no values. */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n-1); 0 for one value, NaN for none. */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return xs.length === 1 ? 0 : NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

/** A mean and its {@link CONFIDENCE} interval. */
export interface MeanInterval {
  mean: number;
  low: number;
  high: number;
}

/**
 * The mean of per-seed differences with its Student-t interval, mean ± t(0.975, n-1)·sd/√n. Needs
 * two or more values (one value has no spread: its interval is NaN).
 */
export function meanInterval(diffs: readonly number[]): MeanInterval {
  const m = mean(diffs);
  if (diffs.length < 2) return { mean: m, low: NaN, high: NaN };
  const half = (tQuantile975(diffs.length - 1) * std(diffs)) / Math.sqrt(diffs.length);
  return { mean: m, low: m - half, high: m + half };
}

/**
 * Whether a paired difference is beyond seed noise: its interval excludes 0 and its mean is at
 * least `resolution` (the smallest meaningful difference, e.g. one test image) in size.
 */
export function beyondNoise(interval: MeanInterval, resolution: number): boolean {
  const excludesZero = interval.low > 0 || interval.high < 0;
  return excludesZero && Math.abs(interval.mean) >= resolution;
}
