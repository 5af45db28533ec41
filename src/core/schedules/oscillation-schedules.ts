import { QuantError } from '../errors';
import { cosineRamp } from './cosine';

/**
 * Dampening-weight schedule of the official recipe (methods.md 5.3; [OSC-code] `main.py` with
 * `--oscillations-dampen-weight 0 --oscillations-dampen-weight-final 0.1`, anneal start 0.25).
 */
export interface DampeningScheduleOptions {
  /** lambda during the warm-up and at the start of the ramp (recipe: 0). */
  start: number;
  /** lambda at the end of training (recipe: 0.1). */
  final: number;
  /** Warm-up as a fraction of the total iterations (click default 0.25). */
  annealStart: number;
}

/** Recipe values of the dampening schedule: lambda ramps from 0 up to 0.1 after 25 % of training. */
export const DAMPENING_SCHEDULE_DEFAULTS: Readonly<DampeningScheduleOptions> = Object.freeze({
  start: 0,
  final: 0.1,
  annealStart: 0.25,
});

/** Plain-text formula of {@link dampeningWeightAt}, for the UI. */
export const DAMPENING_WEIGHT_FORMULA =
  'lambda(t) = lambda_0 for t < 0.25T; else lambda_1 + 0.5*(lambda_0 - lambda_1)*(1 + cos(pi*r)), ' +
  'r = (t - 0.25T)/(0.75T); recipe lambda_0 = 0, lambda_1 = 0.1';

/**
 * Dampening weight lambda(t) at iteration `step` of `totalSteps` (methods.md 5.3, 5.8): a cosine
 * ramp from `start` (0) to `final` (0.1) after a warm-up of `annealStart * T` iterations, updated
 * every iteration. `step` counts from 1 (see {@link cosineRamp}).
 */
export function dampeningWeightAt(
  step: number,
  totalSteps: number,
  opts: Partial<DampeningScheduleOptions> = {},
): number {
  const { start, final, annealStart } = { ...DAMPENING_SCHEDULE_DEFAULTS, ...opts };
  if (start < 0 || final < 0) {
    throw new QuantError(`dampening weights must be >= 0, got start ${start}, final ${final}`);
  }
  return cosineRamp(step, { totalSteps, start, end: final, relStart: annealStart });
}

/**
 * Freezing-threshold schedule of the official recipe (methods.md 5.4; [OSC-code]
 * `UpdateFreezingThreshold`, `bash/train_mobilenetv2.sh`).
 */
export interface FreezeScheduleOptions {
  /** Threshold when freezing turns on (recipe: 0.1). 0 disables freezing for the whole run. */
  start: number;
  /** Threshold at the end of training (MobileNetV2 recipe: 0.01 at 4 bit, 0.011 at 3 bit). */
  final: number;
  /** Warm-up as a fraction of the total iterations, freezing off before it (click default 0.25). */
  annealStart: number;
}

/** f_final of the MobileNetV2 recipe per weight bit width (methods.md 5.4). */
export const FREEZE_THRESHOLD_FINAL_BY_BITS: Readonly<Record<number, number>> = Object.freeze({
  3: 0.011,
  4: 0.01,
});

/** Recipe values of the freezing schedule (MobileNetV2, 4 bit). */
export const FREEZE_SCHEDULE_DEFAULTS: Readonly<FreezeScheduleOptions> = Object.freeze({
  start: 0.1,
  final: 0.01,
  annealStart: 0.25,
});

/**
 * Recipe f_final for a weight bit width: the MobileNetV2 value at 3 and 4 bit; [LAB] 0.01 (the
 * 4-bit value) for other widths, for which no recipe exists.
 */
export function freezeThresholdFinalForBits(bits: number): number {
  return FREEZE_THRESHOLD_FINAL_BY_BITS[bits] ?? FREEZE_SCHEDULE_DEFAULTS.final;
}

/** Plain-text formula of {@link freezeThresholdAt}, for the UI. */
export const FREEZE_THRESHOLD_FORMULA =
  'f_th(t) = 0 (freezing off) for t < 0.25T; else f_end + 0.5*(f_start - f_end)*(1 + cos(pi*r)), ' +
  'r = (t - 0.25T)/(0.75T); recipe f_start = 0.1, f_end = 0.01 (4 bit) / 0.011 (3 bit)';

/**
 * Freezing threshold f_th(t) at iteration `step` of `totalSteps` (methods.md 5.4, 5.8). Returns 0,
 * meaning "freezing disabled", before `annealStart * T` (the official handler forces 0 there "for
 * real warm-start") and for the whole run when `start` is 0 (official `if threshold:`); otherwise
 * a cosine decay from `start` to `final`. `step` counts from 1 (see {@link cosineRamp}).
 */
export function freezeThresholdAt(
  step: number,
  totalSteps: number,
  opts: Partial<FreezeScheduleOptions> = {},
): number {
  const { start, final, annealStart } = { ...FREEZE_SCHEDULE_DEFAULTS, ...opts };
  if (start < 0 || final < 0) {
    throw new QuantError(`freezing thresholds must be >= 0, got start ${start}, final ${final}`);
  }
  const value = cosineRamp(step, { totalSteps, start, end: final, relStart: annealStart });
  if (start === 0 || step < annealStart * totalSteps) return 0;
  return value;
}
