import * as tf from '@tensorflow/tfjs';
import { KURTOSIS_EPS, unbiasedStd } from '../stats/kurtosis';
import { assertKernel, assertScalarParam } from './validate';
import { QuantError } from '../errors';
import { SOFT_MIN_MAX_INIT_TEMPERATURE } from './r2-constants';

export { SOFT_MIN_MAX_INIT_TEMPERATURE } from './r2-constants';

/**
 * Soft-Min-Max R2 (methods.md 2.1, 2.2), one learnable temperature per layer, asymmetric:
 *   smax_a(W) = sum_i w_i softmax(a W)_i,   smin_a(W) = sum_i w_i softmax(-a W)_i,
 *   R_smm = (smax_a(W) - smin_a(W)) + e^{-t}.
 * Range term and e^{-a} are [R2-recall] (the range may be squared in the paper; here it is not).
 *
 * Parameterisation ([LAB], methods.md 2.2), the learnable input is an unconstrained `a_raw`:
 *   t = softplus(a_raw) > 0 (dimensionless temperature), a = t / sigma(W) with sigma the unbiased std
 *   + eps ({@link unbiasedStd}), so t means "how many standard deviations sharp" whatever the weight
 *   scale. The balancing term is e^{-t}: with the raw a ~ 100-1000 for conv weights, e^{-a} would be 0
 *   and balance nothing (methods.md 2.2). With `scaleByStd: false`, a = t and the term is e^{-a}, the
 *   formula as recalled (softplus only keeps a > 0).
 * Gradients come from plain tf ops (softmax, softplus, std), including through sigma(W) into W: the
 * loss is a function of W and a_raw, and that is what the gradient check verifies.
 */

/** Options of {@link softMinMaxR2}. */
export interface SoftMinMaxOptions {
  /** a = softplus(a_raw) / std(W) when true (default, [LAB]); a = softplus(a_raw) when false. */
  scaleByStd?: boolean;
  /** Added to std(W) (see KURTOSIS_EPS). */
  eps?: number;
}

/**
 * The a_raw value whose softplus is `t0`: log(e^t0 - 1). Plain number, for tf.variable(tf.scalar(...)).
 * @throws QuantError unless t0 is a finite number > 0.
 */
export function softMinMaxInitRaw(t0: number = SOFT_MIN_MAX_INIT_TEMPERATURE): number {
  if (!Number.isFinite(t0) || t0 <= 0) {
    throw new QuantError(`Soft-Min-Max initial temperature must be finite and > 0, got ${t0}`);
  }
  // For large t0, log(e^t0 - 1) = t0 + log(1 - e^-t0) avoids overflow of e^t0.
  return t0 > 20 ? t0 + Math.log1p(-Math.exp(-t0)) : Math.log(Math.expm1(t0));
}

function checkInputs(w: tf.Tensor, aRaw: tf.Tensor, scaleByStd: boolean): void {
  assertKernel(w, 'Soft-Min-Max R2');
  assertScalarParam(aRaw, 'Soft-Min-Max R2 a_raw');
  if (scaleByStd && w.size < 2) {
    throw new QuantError('Soft-Min-Max R2: std-scaled temperature needs at least 2 weights');
  }
}

/** t = softplus(a_raw) and a = t / std(W) (or t), both scalars; call inside a tidy. */
function temperatures(
  w: tf.Tensor,
  aRaw: tf.Tensor,
  scaleByStd: boolean,
  eps: number,
): { t: tf.Scalar; a: tf.Scalar } {
  const t = tf.softplus(tf.reshape(aRaw, [])) as tf.Scalar;
  const a = scaleByStd ? (tf.div(t, unbiasedStd(w, eps)) as tf.Scalar) : t;
  return { t, a };
}

/**
 * Soft-Min-Max R2 term of one layer (units of the weights, plus the dimensionless e^{-t}).
 * Differentiable in `w` and in `aRaw` (a one-element tf.Variable, init {@link softMinMaxInitRaw}).
 * Numerically stable for any a (tf.softmax subtracts the max). An all-zero kernel gives e^{-t}.
 * Hot-path safe (shape checks only; NaN/Inf propagate to the loss).
 * @throws QuantError for an empty kernel, a_raw that is not one float32 value, or a one-element
 *   kernel with scaleByStd.
 */
export function softMinMaxR2(
  w: tf.Tensor,
  aRaw: tf.Tensor,
  options: SoftMinMaxOptions = {},
): tf.Scalar {
  const { scaleByStd = true, eps = KURTOSIS_EPS } = options;
  checkInputs(w, aRaw, scaleByStd);
  return tf.tidy(() => {
    const flat = tf.reshape(w, [-1]);
    const { t, a } = temperatures(w, aRaw, scaleByStd, eps);
    const aw = tf.mul(a, flat);
    const smax = tf.sum(tf.mul(tf.softmax(aw), flat));
    const smin = tf.sum(tf.mul(tf.softmax(tf.neg(aw)), flat));
    return tf.add(tf.sub(smax, smin), tf.exp(tf.neg(t))) as tf.Scalar;
  });
}

/**
 * The effective inverse temperature a (1 / weight units) of one layer, for the UI to read on a cadence
 * next to t = a * std(W). Same validation as {@link softMinMaxR2}.
 */
export function softMinMaxTemperature(
  w: tf.Tensor,
  aRaw: tf.Tensor,
  options: SoftMinMaxOptions = {},
): tf.Scalar {
  const { scaleByStd = true, eps = KURTOSIS_EPS } = options;
  checkInputs(w, aRaw, scaleByStd);
  return tf.tidy(() => temperatures(w, aRaw, scaleByStd, eps).a);
}
