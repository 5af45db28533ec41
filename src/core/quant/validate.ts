import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';

/** Summary read once from the device by {@link inspectTensor}. */
export interface TensorSummary {
  /** Smallest value (meaningful only when every value is finite). */
  min: number;
}

/**
 * Cadence-time validation (calibration, PTQ, metrics; never per training step): throws a QuantError
 * if `x` is empty or holds NaN/Inf, and returns its minimum. One device read of two numbers.
 */
export function inspectTensor(x: tf.Tensor, what = 'tensor'): TensorSummary {
  if (x.size === 0) throw new QuantError(`cannot quantize an empty ${what}`);
  const [finite, min] = tf.tidy(() =>
    tf.stack([tf.cast(tf.all(tf.isFinite(x)), 'float32'), tf.min(x)]).dataSync(),
  );
  if (finite !== 1) throw new QuantError(`${what} holds NaN or Inf values; cannot quantize it`);
  return { min: min! };
}

/** Throw a QuantError if any value of a plain array is NaN or +-Inf, or the array is empty. */
export function assertFiniteValues(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) throw new QuantError(`${what} is empty`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new QuantError(`${what} holds a non-finite value (${values[i]}) at index ${i}`);
    }
  }
}
