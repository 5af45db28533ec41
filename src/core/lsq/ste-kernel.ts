import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import type { IntGrid } from '../quant/grid';
import { SCALE_FLOOR } from '../quant/scale-floor';
import { tensorCustomGrad } from '../autodiff';

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Throw a QuantError unless `x` is non-empty and `s` (and `beta`, if given) broadcast against it as a
 * per-tensor or per-channel parameter: rank 0, or rank x.rank with every dimension 1 or x's
 * (the keepDims layout of quant/layout.ts `paramShape`). `beta` must have exactly `s`'s shape.
 * Shapes only: no device read.
 */
export function assertQuantShapes(x: tf.Tensor, s: tf.Tensor, beta: tf.Tensor | null): void {
  if (x.size === 0) throw new QuantError(`cannot quantize an empty tensor ${shapeText(x.shape)}`);
  if (s.size === 0) throw new QuantError('the step size s is an empty tensor');
  const fits =
    s.rank === 0 || (s.rank === x.rank && s.shape.every((d, i) => d === 1 || d === x.shape[i]));
  if (!fits) {
    throw new QuantError(
      `step size of shape ${shapeText(s.shape)} does not fit a tensor of shape ${shapeText(x.shape)}` +
        ' (use rank 0, or the same rank with 1 on every reduced axis)',
    );
  }
  if (beta !== null && shapeText(beta.shape) !== shapeText(s.shape)) {
    throw new QuantError(
      `offset beta of shape ${shapeText(beta.shape)} must have the step size's shape ${shapeText(s.shape)}`,
    );
  }
}

/** Sum `t` (shaped like x) down to a parameter's shape (rank 0 or keepDims layout). */
function reduceToParam(t: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (shape.length === 0) return tf.sum(t);
  const axes = shape.flatMap((d, i) => (d === 1 && t.shape[i] !== 1 ? [i] : []));
  return axes.length === 0 ? t : tf.sum(t, axes, true);
}

/** u = (x - beta) / max(s, SCALE_FLOOR), the position of x on the integer grid. */
function gridPosition(x: tf.Tensor, s: tf.Tensor, beta: tf.Tensor | null): tf.Tensor {
  return tf.div(beta === null ? x : tf.sub(x, beta), tf.maximum(s, SCALE_FLOOR));
}

/**
 * Forward of LSQ / LSQ+ (methods.md 4.1, 4.2): x_hat = s * clamp(round((x - beta) / s), n, p) + beta,
 * with beta = 0 when `beta` is null (LSQ). round is half-to-even (tf.round), as torch.round.
 * Equals LSQ's round(clip(v/s, -Q_N, Q_P)) * s because n and p are integers.
 */
export function lsqForward(
  x: tf.Tensor,
  s: tf.Tensor,
  beta: tf.Tensor | null,
  grid: IntGrid,
): tf.Tensor {
  return tf.tidy(() => {
    const xBar = tf.clipByValue(tf.round(gridPosition(x, s, beta)), grid.n, grid.p);
    const scaled = tf.mul(xBar, tf.maximum(s, SCALE_FLOOR));
    return beta === null ? scaled : tf.add(scaled, beta);
  });
}

/**
 * Straight-through gradients of {@link lsqForward}, UNSCALED (no g; see grad-scale.ts), given the
 * upstream gradient `dy` (methods.md 4.1, 4.2, 4.4). With u = (x - beta) / s and "inside" = n < u < p
 * (strict on both ends):
 *   dx    = dy if inside, else 0
 *   ds    = sum dy * (round(u) - u if inside; n if u <= n; p if u >= p)
 *   dbeta = sum dy * (0 if inside, else 1)
 * summed over the axes s and beta are broadcast along. Returns [dx, ds] or [dx, ds, dbeta].
 *
 * Reading chosen: methods.md 4.2 writes dx with n <= u <= p but ds and dbeta with the strict n < u < p.
 * Since x_hat depends on x only through x - beta (plus beta), dx_hat/dbeta must equal 1 - dx_hat/dx;
 * the mixed masks would give dx = dbeta = 1 at u = n or u = p exactly. The strict interior of
 * methods.md 4.1 ("-Q_N < v/s < Q_P") keeps dx + dbeta = 1 everywhere; it differs from 4.2 only on
 * the two grid edges themselves.
 */
export function lsqBackward(
  dy: tf.Tensor,
  x: tf.Tensor,
  s: tf.Tensor,
  beta: tf.Tensor | null,
  grid: IntGrid,
): tf.Tensor[] {
  return tf.tidy(() => {
    const u = gridPosition(x, s, beta);
    const inside = tf.logicalAnd(tf.greater(u, grid.n), tf.less(u, grid.p));
    const edge = tf.where(tf.lessEqual(u, grid.n), tf.scalar(grid.n), tf.scalar(grid.p));
    const zero = tf.zerosLike(dy);
    const dx = tf.where(inside, dy, zero);
    const dsLocal = tf.where(inside, tf.sub(tf.round(u), u), edge);
    const ds = reduceToParam(tf.mul(dy, dsLocal), s.shape);
    if (beta === null) return [dx, ds];
    return [dx, ds, reduceToParam(tf.where(inside, zero, dy), beta.shape)];
  });
}

/**
 * The LSQ / LSQ+ fake-quantizer as a tf.customGrad op on explicit inputs (x, s) or (x, s, beta), so
 * tf.grads and optimizers reach s and beta (methods.md 1.4, 4.4). Gradients are unscaled; callers
 * apply {@link gradScale} to s and beta first. Validates shapes only (hot-path safe).
 */
export function lsqKernel(
  x: tf.Tensor,
  s: tf.Tensor,
  beta: tf.Tensor | null,
  grid: IntGrid,
): tf.Tensor {
  assertQuantShapes(x, s, beta);
  const withBeta = beta !== null;
  const op = tensorCustomGrad((inputs, save) => {
    save(inputs);
    const [xi, si, bi] = inputs;
    return {
      value: lsqForward(xi!, si!, withBeta ? bi! : null, grid),
      gradFunc: (dy, [xs, ss, bs]) => lsqBackward(dy, xs!, ss!, withBeta ? bs! : null, grid),
    };
  });
  return beta === null ? op(x, s) : op(x, s, beta);
}
