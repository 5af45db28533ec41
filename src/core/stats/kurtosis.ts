import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { KURTOSIS_EPS } from './kurtosis-constants';

// Re-exported: the constants live in a tfjs-free module so the UI can show them without tfjs.
export {
  KURTOSIS_EPS,
  KURTOSIS_FORMULA,
  KURTOSIS_GAUSSIAN,
  KURTOSIS_LATEX,
  KURTOSIS_UNIFORM,
} from './kurtosis-constants';

/**
 * The one kurtosis estimator of the lab (methods.md 3.1, 3.3), shared by KURE's loss and the kurtosis
 * plots. Over ALL elements of a weight tensor (not per channel):
 *   mu = mean(W), sigma = sqrt(sum (w - mu)^2 / (N - 1)) + eps, Kurt[W] = mean(((W - mu) / sigma)^4).
 * sigma is the unbiased (N - 1) standard deviation, as torch.std in the KURE reference code; tf.moments
 * would give the biased one, which makes the kurtosis larger by (N / (N - 1))^2.
 */

/** Throw a QuantError unless `w` is a float32 tensor with at least two elements (N - 1 > 0). */
function assertSample(w: tf.Tensor, what: string): void {
  if (w.dtype !== 'float32') {
    throw new QuantError(`${what}: expected a float32 tensor, got ${w.dtype}`);
  }
  if (w.size < 2) {
    throw new QuantError(
      `${what}: needs at least 2 elements (unbiased std divides by N - 1), got ${w.size} (shape [${w.shape.join(', ')}])`,
    );
  }
}

/**
 * sqrt(max(v, 1e-30)): equal to sqrt(v) for any variance above 1e-30 (std 1e-15, far below eps), but
 * its gradient at v = 0 is 0 instead of 0 * Inf = NaN, so an all-zero layer backpropagates zeros.
 * (A where(v > 0, ...) guard would not do: tfjs has no gradient for Greater on the tape.)
 */
function safeSqrt(v: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.maximum(v, 1e-30));
}

/**
 * Unbiased standard deviation of all elements, plus eps: sqrt(sum (w - mean)^2 / (N - 1)) + eps
 * (methods.md 3.1, 3.3). Same units as `w`. Differentiable in `w` (plain tf ops); an all-zero tensor
 * gives exactly eps and a zero gradient. Throws QuantError for fewer than 2 elements or a non-float32
 * dtype (shape checks only, no device read). Non-finite elements give a non-finite result.
 */
export function unbiasedStd(w: tf.Tensor, eps: number = KURTOSIS_EPS): tf.Scalar {
  assertSample(w, 'unbiasedStd');
  return tf.tidy(() => {
    const d = tf.sub(w, tf.mean(w));
    const variance = tf.div(tf.sum(tf.square(d)), w.size - 1);
    return tf.add(safeSqrt(variance), eps) as tf.Scalar;
  });
}

/**
 * Kurtosis of all elements of `w` (dimensionless; 1.8 uniform, 3 Gaussian), methods.md 3.1:
 * mean(((W - mu) / sigma)^4) with mu = mean(W) and sigma = {@link unbiasedStd}. Differentiable, with
 * gradients through mu and sigma as in the reference code (no stop-gradient). An all-zero tensor gives
 * 0 (sigma = eps) with zero gradients. Hot-path safe: validates shape and dtype only, so NaN/Inf
 * elements give NaN (the engine's non-finite loss check catches it; {@link readKurtosis} throws).
 * @throws QuantError for fewer than 2 elements or a non-float32 tensor.
 */
export function kurtosis(w: tf.Tensor, eps: number = KURTOSIS_EPS): tf.Scalar {
  assertSample(w, 'kurtosis');
  return tf.tidy(() => {
    const d = tf.sub(w, tf.mean(w));
    const variance = tf.div(tf.sum(tf.square(d)), w.size - 1);
    const sigma = tf.add(safeSqrt(variance), eps);
    const z = tf.div(d, sigma);
    return tf.mean(tf.square(tf.square(z))) as tf.Scalar;
  });
}

/**
 * Typed-array twin of {@link kurtosis} for metrics read on a cadence (same estimator, computed in
 * float64 on the CPU). Dimensionless.
 * @throws QuantError for fewer than 2 values or any NaN/Inf value.
 */
export function kurtosisOf(values: ArrayLike<number>, eps: number = KURTOSIS_EPS): number {
  const n = values.length;
  if (n < 2) {
    throw new QuantError(`kurtosisOf: needs at least 2 values (unbiased std), got ${n}`);
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new QuantError(`kurtosisOf: value ${i} is ${v}; weights must be finite`);
    }
    sum += v;
  }
  const mu = sum / n;
  let m2 = 0;
  for (let i = 0; i < n; i++) m2 += (values[i]! - mu) ** 2;
  const sigma = Math.sqrt(m2 / (n - 1)) + eps;
  let m4 = 0;
  for (let i = 0; i < n; i++) m4 += ((values[i]! - mu) / sigma) ** 4;
  return m4 / n;
}

/**
 * Read per-layer kurtosis tensors (e.g. {@link kurtosis} results kept by the caller) in ONE device read,
 * for the cadence-driven plots. Does not dispose its inputs.
 * @param names layer names used in the error message, same order as `values`.
 * @throws QuantError if any value is NaN/Inf (a layer's weights went non-finite).
 */
export async function readKurtosis(
  values: readonly tf.Scalar[],
  names: readonly string[] = [],
): Promise<number[]> {
  if (values.length === 0) return [];
  const stacked = tf.stack(values as tf.Scalar[]);
  const read = Array.from(await stacked.data());
  stacked.dispose();
  read.forEach((k, i) => {
    if (!Number.isFinite(k)) {
      throw new QuantError(`kurtosis of layer ${names[i] ?? i} is ${k}: non-finite weights`);
    }
  });
  return read;
}
