import * as tf from '@tensorflow/tfjs';

/** Options of a finite-difference gradient check. */
export interface GradCheckOptions {
  /** Central-difference step. float32 arithmetic: 1e-3 balances truncation and round-off. */
  eps?: number;
  /** Allowed |analytic - numeric| / max(1, |numeric|) per element. */
  tolerance?: number;
}

/**
 * Compare the analytic gradients of scalar `f` w.r.t. each input (tf.grads, which runs every
 * customGrad) with central finite differences, element by element. Returns the worst error found
 * per input so tests can assert on it; throws nothing. For a straight-through estimator the
 * numeric derivative of the real op is not the STE's anywhere (round is piecewise constant): check
 * it against a smooth stand-in whose true derivatives are the STE's (e.g. round(u) replaced by
 * u + frozen(round(u0) - u0)), at points away from rounding boundaries.
 */
export function gradientErrors(
  f: (...inputs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
  { eps = 1e-3 }: GradCheckOptions = {},
): number[] {
  const analytic = tf.tidy(() =>
    tf
      .grads(f)(inputs)
      .map((g) => g.arraySync() as number | number[]),
  );
  return inputs.map((input, i) => {
    const values = input.dataSync().slice();
    const grad = [analytic[i]].flat(4) as number[];
    let worst = 0;
    for (let j = 0; j < values.length; j++) {
      const at = (delta: number) => {
        const shifted = values.slice();
        shifted[j] = values[j]! + delta;
        return tf.tidy(() => {
          const args = inputs.map((t, k) => (k === i ? tf.tensor(shifted, t.shape, t.dtype) : t));
          return f(...args).dataSync()[0]!;
        });
      };
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      worst = Math.max(worst, Math.abs(grad[j]! - numeric) / Math.max(1, Math.abs(numeric)));
    }
    return worst;
  });
}
