import * as tf from '@tensorflow/tfjs';
import { assertFiniteAtLeast, assertKernel, assertScalarParam } from './validate';
import { MARGIN_DEFAULT_HINGE_POWER } from './r2-constants';

export { MARGIN_DEFAULT_HINGE_POWER } from './r2-constants';

/**
 * Margin R2 (methods.md 2.1), one learnable margin M per layer:
 *   R_m(W, M) = sum_i relu(|w_i| - |M|)^q + M^2,   q = hinge power (default 2).
 * The algebra is [R2-recall] (exact norm and exponent not verified against the paper), so q is a
 * setting. Sum over elements (not mean), as written in methods.md 2.1 and 2.4; |M| in the hinge as in
 * the 2.4 pseudocode, so a margin that crosses 0 keeps meaning a width.
 * Gradients (plain tf ops, for M != 0 and |w_i| != |M|):
 *   dR/dw_i = q relu(|w_i| - |M|)^(q-1) sign(w_i),   dR/dM = -q sign(M) sum_i relu(|w_i| - |M|)^(q-1) + 2M.
 */

/** Options of {@link marginR2}. */
export interface MarginOptions {
  /** Exponent q >= 1 of the hinge relu(|w| - |M|)^q. Default 2. */
  hingePower?: number;
}

/**
 * Margin R2 term of one layer (units: weight^q for the hinge, weight^2 for M^2). Differentiable in `w`
 * and in the margin `m`, which must be a one-element tf.Variable passed in so its gradient is taken.
 * Hot-path safe (shape checks only; NaN/Inf propagate to the loss).
 * @throws QuantError for an empty kernel, a margin that is not one float32 value, or q < 1.
 */
export function marginR2(w: tf.Tensor, m: tf.Tensor, options: MarginOptions = {}): tf.Scalar {
  const { hingePower = MARGIN_DEFAULT_HINGE_POWER } = options;
  assertKernel(w, 'Margin R2');
  assertScalarParam(m, 'Margin R2 margin M');
  // q < 1 would make the hinge's derivative infinite at the margin.
  assertFiniteAtLeast(hingePower, 1, 'Margin R2 hinge power');
  return tf.tidy(() => {
    const margin = tf.reshape(m, []);
    const excess = tf.relu(tf.sub(tf.abs(w), tf.abs(margin)));
    const hinge = hingePower === 2 ? tf.square(excess) : tf.pow(excess, hingePower);
    return tf.add(tf.sum(hinge), tf.square(margin)) as tf.Scalar;
  });
}

/**
 * Initial margin M_l = max|W_l| ([LAB], methods.md 2.3): the hinge starts at 0, so the loss starts at
 * M^2 and only the margin term acts until M shrinks below the largest weights. Returns a new scalar
 * tensor (wrap it in tf.variable); 0 for an all-zero kernel.
 * @throws QuantError for an empty or non-float32 kernel.
 */
export function marginInit(w: tf.Tensor): tf.Scalar {
  assertKernel(w, 'Margin R2 init');
  return tf.tidy(() => tf.max(tf.abs(w)) as tf.Scalar);
}
