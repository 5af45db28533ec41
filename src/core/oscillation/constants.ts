/** The oscillation constants, tfjs-free so exporters can read them (methods.md 5). */

/**
 * Largest weight bit width that is tracked and frozen: `--oscillations-freeze-max-bits 4`
 * (methods.md 5.1). Wider (8-bit first/last) layers are neither tracked nor frozen, but still
 * dampened.
 */
export const OSCILLATION_MAX_BITS = 4;

/**
 * [LAB] Frequency above which a weight counts as "oscillating" in the per-layer summary
 * (methods.md 6: "oscillating fraction (f > 0.005, say)"). Pass the current freezing threshold
 * instead to plot "share that would freeze now".
 */
export const OSCILLATING_FREQUENCY_THRESHOLD = 0.005;

/** Plain-text definitions of the summary fields, for the UI. */
export const OSCILLATION_SUMMARY_FORMULA =
  'meanFrequency = mean(f); fractionOscillating = mean([f > threshold]); ' +
  'fractionFrozen = mean(frozen); oscillationsThisStep = sum(o^t); totalOscillations = sum_t sum(o^t)';

/** Options of one tracking step. */
export interface OscillationStepOptions {
  /** EMA momentum m in (0, 1]; recipe (CLI) default 0.001. */
  momentum: number;
  /** Freezing threshold f_th for this step; 0 = freezing off (see freezeThresholdAt). */
  freezeThreshold: number;
  /** Frozen value from round(ema_int) (default) or, if false, from this step's w_int. */
  useEmaInt: boolean;
}

/** Recipe defaults (methods.md 5.2, 5.4): m = 0.001 (CLI; the class default is 0.01), EMA freezing. */
export const OSCILLATION_STEP_DEFAULTS: Readonly<OscillationStepOptions> = Object.freeze({
  momentum: 0.001,
  freezeThreshold: 0,
  useEmaInt: true,
});
