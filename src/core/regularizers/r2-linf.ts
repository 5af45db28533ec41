import * as tf from '@tensorflow/tfjs';
import { assertKernel } from './validate';

/**
 * L-inf R2 (methods.md 2.1): R_inf(W) = max_i |w_i|, one term per layer.
 *
 * Gradient: sign(w_k) at the arg-max element(s) k, 0 elsewhere. On ties the gradient is split evenly,
 * sign(w_k) / (number of tied elements), a valid sub-gradient and the behaviour methods.md 2.1 describes
 * for TF's reduce_max. tfjs's own tf.max gradient gives the FULL dy to every tied element
 * (tfjs-core 4.22 `min_max_grad_util.js`: dy * (x == max)), which overshoots on ties, hence customGrad.
 */
const maxAbs = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  // customGrad passes the inputs, then the save function.
  const [w, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const a = tf.abs(w);
  const value = tf.max(a);
  save([w, a, value]);
  return {
    value,
    gradFunc: (dy, saved) => {
      const [x, ax, m] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const atMax = tf.cast(tf.equal(ax, m), 'float32');
      const share = tf.div(atMax, tf.sum(atMax));
      return tf.mul(dy, tf.mul(share, tf.sign(x)));
    },
  };
});

/**
 * L-inf R2 term of one layer: max_i |w_i| (same units as the weights), methods.md 2.1. Differentiable
 * with the tie-splitting sub-gradient above; an all-zero kernel gives 0 with zero gradient.
 * Hot-path safe (shape checks only; NaN/Inf weights propagate to the loss).
 * @throws QuantError for an empty or non-float32 tensor.
 */
export function linfR2(w: tf.Tensor): tf.Scalar {
  assertKernel(w, 'L-inf R2');
  return tf.tidy(() => maxAbs(w) as tf.Scalar);
}
