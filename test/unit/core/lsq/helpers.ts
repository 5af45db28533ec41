// Test helpers for the LSQ / LSQ+ suites (not a test file itself).
import * as tf from '@tensorflow/tfjs';
import type { IntGrid } from '../../../../src/core/quant/grid';
import { tensorCustomGrad } from '../../../../src/core/autodiff';
import { gradientErrors } from '../../../helpers/gradcheck';

import { expectNoLeak, normals, seededRandom } from '../../../helpers/property';

export { expectNoLeak, normals, seededRandom };

/** Swish-like activations: z * sigmoid(z) + shift, z ~ N(0, spread^2), seeded. */
export function swishLike(seed: number, count: number, spread = 1.5, shift = 0): Float32Array {
  return normals(seededRandom(seed), count).map((z) => {
    const v = z * spread;
    return v / (1 + Math.exp(-v)) + shift;
  });
}

/**
 * Grid positions u on [n - 2, p + 2], at least `margin` away from every integer and half-integer, so
 * neither a rounding boundary nor a clip edge lies within a finite-difference step.
 */
export function safePositions(rand: () => number, count: number, grid: IntGrid, margin = 0.1) {
  return Array.from({ length: count }, () => {
    const whole = grid.n - 2 + Math.floor(rand() * (grid.p - grid.n + 4));
    const frac = margin + rand() * (0.5 - 2 * margin);
    return whole + (rand() < 0.5 ? frac : 0.5 + frac);
  });
}

/**
 * The straight-through surrogate of the LSQ+ forward at the point (x0, s0, beta0): rounding frozen as
 * a constant residual r0 = round(u0) - u0 on the interior, identity elsewhere:
 *   S(x, s, beta) = s * (clip(u, n, p) + r0) + beta, u = (x - beta) / s.
 * S equals x_hat at the point and its TRUE derivatives are the STE's (dx = 1 inside, ds = round(u0)
 * - u0 inside / n / p at the edges, dbeta = 0 inside / 1 outside), so finite differences of S check
 * the custom gradient. (Finite differences of x_hat itself would give dx = 0: round is flat.)
 */
export function steSurrogate(x0: tf.Tensor, s0: tf.Tensor, beta0: tf.Tensor | null, grid: IntGrid) {
  const residual = tf.tidy(() => {
    const u0 = tf.div(beta0 === null ? x0 : tf.sub(x0, beta0), s0);
    const inside = tf.logicalAnd(tf.greater(u0, grid.n), tf.less(u0, grid.p));
    return tf.where(inside, tf.sub(tf.round(u0), u0), tf.zerosLike(u0));
  });
  const apply = (x: tf.Tensor, s: tf.Tensor, beta: tf.Tensor | null) =>
    tf.tidy(() => {
      const u = tf.div(beta === null ? x : tf.sub(x, beta), s);
      const y = tf.mul(s, tf.add(tf.clipByValue(u, grid.n, grid.p), residual));
      return beta === null ? y : tf.add(y, beta);
    });
  return { apply, dispose: () => residual.dispose() };
}

/**
 * Worst relative error between the analytic gradients of `realLoss` (the custom-gradient op under
 * test, through tf.grads) and central finite differences of `surrogateLoss` at `inputs`, via
 * test/helpers/gradcheck.ts. The analytic gradient is computed once at the point and served by a
 * custom-gradient wrapper whose value is the surrogate.
 */
export function steGradientErrors(
  realLoss: (...inputs: tf.Tensor[]) => tf.Scalar,
  surrogateLoss: (...inputs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
): number[] {
  const analytic = tf.grads(realLoss)(inputs);
  const probe = tensorCustomGrad((args) => ({
    value: surrogateLoss(...args),
    gradFunc: (dy) => analytic.map((g) => tf.mul(g, dy)),
  }));
  const errors = gradientErrors((...args) => tf.sum(probe(...args)), inputs);
  tf.dispose(analytic);
  return errors;
}
