import type * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';

/**
 * Input guards shared by the regularizers. Shape, size and dtype checks only: they run on the hot
 * path, so they never read tensor values from the device.
 */

/** Throw a QuantError unless `w` is a non-empty float32 tensor. */
export function assertKernel(w: tf.Tensor, what: string): void {
  if (w.dtype !== 'float32') {
    throw new QuantError(`${what}: expected a float32 weight tensor, got ${w.dtype}`);
  }
  if (w.size === 0) {
    throw new QuantError(`${what}: weight tensor is empty (shape [${w.shape.join(', ')}])`);
  }
}

/** Throw a QuantError unless `t` is a float32 tensor holding exactly one value (a per-layer scalar). */
export function assertScalarParam(t: tf.Tensor, what: string): void {
  if (t.dtype !== 'float32' || t.size !== 1) {
    throw new QuantError(
      `${what}: expected one float32 value per layer, got ${t.dtype} of shape [${t.shape.join(', ')}]`,
    );
  }
}

/** Throw a QuantError unless `x` is a finite number >= `min`. */
export function assertFiniteAtLeast(x: number, min: number, what: string): void {
  if (!Number.isFinite(x) || x < min) {
    throw new QuantError(`${what} must be a finite number >= ${min}, got ${x}`);
  }
}
