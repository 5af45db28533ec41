import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import type { OscillationState } from './tracker-state';
import { OSCILLATING_FREQUENCY_THRESHOLD, OSCILLATION_SUMMARY_FORMULA } from './constants';

export { OSCILLATING_FREQUENCY_THRESHOLD, OSCILLATION_SUMMARY_FORMULA };

/**
 * Order of the values in {@link oscillationSummary}'s vector, so several layers can be stacked and
 * read in one device read on a cadence.
 */
export const OSCILLATION_SUMMARY_FIELDS = [
  'meanFrequency',
  'fractionOscillating',
  'fractionFrozen',
  'oscillationsThisStep',
  'totalOscillations',
  'nonFiniteCount',
] as const;

/** Per-layer oscillation summary after the read (methods.md 5.2, 5.4, 6). */
export interface OscillationSummary {
  /** Mean EMA frequency f over the tensor's weights (oscillations per tracked step). */
  meanFrequency: number;
  /** Share of weights with f > threshold, in [0, 1]. */
  fractionOscillating: number;
  /** Share of weights frozen, in [0, 1]. */
  fractionFrozen: number;
  /** Oscillation events in the last tracked step, summed over the tensor. */
  oscillationsThisStep: number;
  /** Oscillation events since the tracker started, summed over the tensor. */
  totalOscillations: number;
}

/**
 * Per-layer summary as one float32 vector, in the order of {@link OSCILLATION_SUMMARY_FIELDS}
 * (methods.md 5.2, 6). Stays on the device: the caller reads it (or a stack of several layers')
 * on its metrics cadence and decodes it with {@link decodeOscillationSummary}. New tensor, caller
 * owns it.
 */
export function oscillationSummary(
  state: OscillationState,
  threshold = OSCILLATING_FREQUENCY_THRESHOLD,
): tf.Tensor1D {
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new QuantError(`threshold must be a number >= 0, got ${threshold}`);
  }
  return tf.tidy(() =>
    tf.stack([
      tf.mean(state.frequency),
      tf.mean(tf.greater(state.frequency, threshold).toFloat()),
      tf.mean(state.frozen),
      state.oscillationsThisStep,
      tf.sum(state.totalOscillations),
      // NaN/Inf integers make no oscillation events, so f alone would hide them.
      tf.sum(tf.logicalNot(tf.isFinite(state.prevInt)).toFloat()),
    ]),
  ) as tf.Tensor1D;
}

/**
 * Turn the read values of one {@link oscillationSummary} vector into named numbers. This is where
 * the cadence-time validation happens: a QuantError if the tracked integers held NaN/Inf (the
 * weights or the scale went non-finite) or any summary value is not finite.
 */
export function decodeOscillationSummary(values: ArrayLike<number>): OscillationSummary {
  if (values.length !== OSCILLATION_SUMMARY_FIELDS.length) {
    throw new QuantError(
      `oscillation summary has ${OSCILLATION_SUMMARY_FIELDS.length} values, got ${values.length}`,
    );
  }
  const at = (i: number): number => values[i] ?? Number.NaN;
  if (at(5) > 0) {
    throw new QuantError(`${at(5)} tracked integer weights are NaN or Inf`);
  }
  if (!Array.from(values).every(Number.isFinite)) {
    throw new QuantError(`oscillation summary is not finite: [${Array.from(values)}]`);
  }
  return {
    meanFrequency: at(0),
    fractionOscillating: at(1),
    fractionFrozen: at(2),
    oscillationsThisStep: at(3),
    totalOscillations: at(4),
  };
}
