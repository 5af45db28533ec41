import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { KURTOSIS_EPS, kurtosis } from '../stats/kurtosis';
import { KURE_DEFAULTS } from './kure-formulas';

export { KURE_DEFAULTS, KURE_FORMULA, KURE_LATEX } from './kure-formulas';
import { assertFiniteAtLeast } from './validate';

/**
 * KURE, kurtosis regularization (methods.md 3): R = (1/L) sum_l (Kurt[W_l] - K_T)^2 over the layers
 * kureLayerSelection (layers.ts) names, added to the task loss as lambda * R.
 */

/** Options of {@link kureTerms}; omitted fields take {@link KURE_DEFAULTS}. */
export interface KureOptions {
  lambda?: number;
  target?: number;
  /** Added to each layer's sigma (see KURTOSIS_EPS). */
  eps?: number;
}

/**
 * KURE's loss and the per-layer kurtosis it was built from. (A type alias, not an interface, so it
 * is a tf.TensorContainer and can be returned from tf.tidy.)
 */
export type KureTerms = {
  /** lambda * mean_l (K_l - K_T)^2, a scalar ready to add to the task loss. */
  loss: tf.Scalar;
  /** K_l per regularised kernel, same order as the input, for the caller to read on a cadence. */
  kurtosis: tf.Scalar[];
};

/**
 * KURE loss over the given kernels (methods.md 3.1, 3.4), differentiable in every kernel. Pass the
 * kernels of kureLayerSelection (layers.ts); normalised by their count L (the code's "avg" mode divides
 * by a hard-coded layer count; here L is the actual count). The returned tensors are new and owned by
 * the caller; inside `optimizer.minimize` keep (`tf.keep`) the kurtosis tensors you want to read later.
 * Hot-path safe (no device read).
 * @throws QuantError for an empty list, a kernel with < 2 elements, or a non-finite/negative lambda.
 */
export function kureTerms(kernels: readonly tf.Tensor[], options: KureOptions = {}): KureTerms {
  const { lambda = KURE_DEFAULTS.lambda, target = KURE_DEFAULTS.target } = options;
  const eps = options.eps ?? KURTOSIS_EPS;
  assertFiniteAtLeast(lambda, 0, 'KURE lambda');
  assertFiniteAtLeast(target, 0, 'KURE target kurtosis');
  if (kernels.length === 0) {
    throw new QuantError(
      'KURE needs at least one regularised layer (every conv except the first); the model has none',
    );
  }
  return tf.tidy(() => {
    const k = kernels.map((w) => kurtosis(w, eps));
    const sq = tf.stack(k).sub(target).square();
    const loss = tf.mul(tf.mean(sq), lambda) as tf.Scalar;
    return { loss, kurtosis: k };
  });
}
