import { R2_RAMP_FRACTION } from './r2-schedule';

/** R2's constants (r2-loss, r2-margin, r2-soft-min-max); no tfjs, so the UI can import them. */

/** Default hinge power q: the squared hinge of methods.md 2.1 [R2-recall]. */
export const MARGIN_DEFAULT_HINGE_POWER = 2;

/** Initial dimensionless temperature t0 = a * std(W) = 5 ([LAB], methods.md 2.2). */
export const SOFT_MIN_MAX_INIT_TEMPERATURE = 5;

/**
 * Lab defaults ([LAB], methods.md 2.2-2.3; none is from the paper). The default lambdas are our pick
 * inside the 2.3 sweep ranges (the third of four values in each), not a sourced number.
 */
export const R2_DEFAULTS = {
  lambda: { linf: 1e-2, margin: 1e-1, 'soft-min-max': 1e-2 },
  hingePower: MARGIN_DEFAULT_HINGE_POWER,
  initTemperature: SOFT_MIN_MAX_INIT_TEMPERATURE,
  scaleByStd: true,
  rampFraction: R2_RAMP_FRACTION,
} as const;
