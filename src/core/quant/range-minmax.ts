import * as tf from '@tensorflow/tfjs';

/**
 * Min-max threshold of the symmetric scheme: t = max|x| over `axes`, keepDims (methods.md 1.3).
 * No device read.
 */
export function maxAbsThreshold(x: tf.Tensor, axes: number[]): tf.Tensor {
  return tf.tidy(() => tf.max(tf.abs(x), axes, true));
}

/**
 * Min-max range of the asymmetric scheme over `axes`, keepDims (methods.md 1.3), widened to contain
 * 0: lo = min(min x, 0), hi = max(max x, 0). [OSC-code] does the same (`_tensorize_min_max`: "Ensure
 * we always use zero"); without it a channel whose values are all > 0 would get z clamped to 0 and
 * lose its top values to clipping. No device read.
 */
export function minMaxRange(x: tf.Tensor, axes: number[]): { lo: tf.Tensor; hi: tf.Tensor } {
  return tf.tidy(() => ({
    lo: tf.minimum(tf.min(x, axes, true), 0),
    hi: tf.maximum(tf.max(x, axes, true), 0),
  }));
}
