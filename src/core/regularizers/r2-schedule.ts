import { QuantError } from '../errors';

/**
 * R2's warm-up ramp ([LAB], methods.md 2.2): the effective weight grows linearly 0 -> lambda over the
 * first 5 % of the run, because R2 switched on at full strength on an already trained model gives a
 * large initial loss. Pure functions of the step counter.
 */

/** Fraction of the run's steps over which R2's weight ramps up ([LAB], methods.md 2.2). */
export const R2_RAMP_FRACTION = 0.05;

/** The ramp as implemented, for the UI. */
export const R2_RAMP_FORMULA = `ramp(step) = min(1, step / (${R2_RAMP_FRACTION} * totalSteps)); ramp = 1 when the ramp length is 0`;

/** LaTeX variant of {@link R2_RAMP_FORMULA}. */
export const R2_RAMP_LATEX = `\\mathrm{ramp}(t) = \\min\\!\\left(1, \\frac{t}{${R2_RAMP_FRACTION}\\,T}\\right)`;

/**
 * Linear ramp factor in [0, 1]: step / rampSteps, clamped to 1; 1 when rampSteps is 0 (no ramp).
 * `step` counts optimizer steps from 0, so the first step has factor 0.
 * @throws QuantError for a negative or non-finite step or ramp length.
 */
export function linearRamp(step: number, rampSteps: number): number {
  if (!Number.isFinite(step) || step < 0) {
    throw new QuantError(`ramp step must be a finite number >= 0, got ${step}`);
  }
  if (!Number.isFinite(rampSteps) || rampSteps < 0) {
    throw new QuantError(`ramp length must be a finite number of steps >= 0, got ${rampSteps}`);
  }
  return rampSteps === 0 ? 1 : Math.min(1, step / rampSteps);
}

/**
 * R2's ramp factor at `step` of a run of `totalSteps` steps: linear 0 -> 1 over the first
 * `fraction * totalSteps` steps (default 5 %). Multiply lambda by it (see r2Total).
 * @throws QuantError for invalid steps, a non-finite/negative total, or a fraction outside [0, 1].
 */
export function r2RampFactor(
  step: number,
  totalSteps: number,
  fraction: number = R2_RAMP_FRACTION,
): number {
  if (!Number.isFinite(totalSteps) || totalSteps < 0) {
    throw new QuantError(`R2 ramp: totalSteps must be a finite number >= 0, got ${totalSteps}`);
  }
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new QuantError(`R2 ramp: fraction must be in [0, 1], got ${fraction}`);
  }
  return linearRamp(step, fraction * totalSteps);
}
