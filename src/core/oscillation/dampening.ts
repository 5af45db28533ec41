import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../autodiff';
import { QuantError } from '../errors';
import type { IntGrid } from '../quant/grid';
import { applyFreezing, type FreezingMasks } from './freezing';
import { SCALE_FLOOR } from '../quant/scale-floor';

/**
 * How the per-weight squared distances of one layer are reduced (methods.md 5.3,
 * `--oscillations-dampen-aggregation`): `kernel_mean` (CLI default; the published lambda values
 * belong to it) sums over the output-channel axis and averages over the rest; `sum` is the paper's
 * squared Frobenius norm (class default); `mean` averages over all weights.
 */
export type DampeningAggregation = 'kernel_mean' | 'sum' | 'mean';

/** Options of {@link dampeningLoss}. */
export interface DampeningOptions {
  /** Integer grid [n, p] of the layer's weight quantizer (from intGrid). */
  grid: IntGrid;
  /** Default 'kernel_mean'. */
  aggregation?: DampeningAggregation;
  /**
   * Depthwise kernel ([kh, kw, in, multiplier]): its output channels span axes 2 and 3, so
   * kernel_mean sums over both (methods.md 6). Otherwise the output channel is the last axis
   * (conv [kh, kw, in, out], dense [in, out]) - PyTorch's axis 0.
   */
  depthwise?: boolean;
  /** Freezing state of the layer's tracker: frozen weights are pulled to `s * frozen_int`. */
  freezing?: FreezingMasks | null;
}

function assertBroadcastable(s: tf.Tensor, w: tf.Tensor): void {
  const offset = w.rank - s.rank;
  const ok = offset >= 0 && s.shape.every((d, i) => d === 1 || d === w.shape[offset + i]);
  if (!ok) {
    throw new QuantError(`scale of shape [${s.shape}] does not broadcast to weights [${w.shape}]`);
  }
}

function channelAxes(rank: number, depthwise: boolean): number[] {
  if (depthwise) {
    if (rank !== 4) throw new QuantError(`a depthwise kernel has rank 4, got rank ${rank}`);
    return [2, 3];
  }
  return [rank - 1];
}

function aggregate(
  sq: tf.Tensor,
  aggregation: DampeningAggregation,
  depthwise: boolean,
): tf.Scalar {
  switch (aggregation) {
    case 'sum':
      return tf.sum(sq);
    case 'mean':
      return tf.mean(sq);
    case 'kernel_mean':
      return tf.mean(tf.sum(sq, channelAxes(sq.rank, depthwise)));
  }
}

/**
 * Oscillation dampening loss of one layer (methods.md 5.3; [OSC-code] `dampening_loss`):
 * `agg((sg(s * w_int) - clip(w, s*n, s*p))^2)` with `w_int = clamp(round(w/s), n, p)` and frozen
 * entries replaced by `frozen_int`.
 *
 * The target `s * w_int` goes through {@link stopGradient}, so it is a constant for tf.grads /
 * tf.variableGrads: dL/dw = -2 (s*w_int - w) (times the aggregation's 1/count) inside
 * [s*n, s*p], 0 outside; s gets gradient only through the clip bounds, and that vanishes unless a
 * frozen weight lies outside the range (its target is then not the bound) - "no useful gradient
 * reaches s". Omitting the stop-gradient would make the gradient w.r.t. w cancel to ~0 with an STE
 * quantizer (the Sparsebit pitfall). The caller multiplies by lambda(t) (dampeningWeightAt) and
 * sums over all quantized weight layers, 8-bit ones included.
 *
 * `w`: latent weights; `s`: scale, scalar or per-channel broadcastable to `w`, assumed positive
 * (floored at {@link SCALE_FLOOR}). Shape checks only, no device read.
 */
export function dampeningLoss(w: tf.Tensor, s: tf.Tensor, opts: DampeningOptions): tf.Scalar {
  if (w.size === 0) throw new QuantError('dampening loss of an empty weight tensor');
  assertBroadcastable(s, w);
  const { grid, aggregation = 'kernel_mean', depthwise = false, freezing = null } = opts;
  if (depthwise) channelAxes(w.rank, true);
  return tf.tidy(() => {
    const scale = tf.maximum(s, SCALE_FLOOR);
    const target = stopGradient(
      tf.tidy(() => {
        const raw = tf.clipByValue(tf.round(tf.div(w, scale)), grid.n, grid.p);
        return tf.mul(scale, applyFreezing(raw, freezing));
      }),
    );
    // Bounds at w's full shape: TF.js's Minimum/Maximum gradients do not sum over broadcast
    // axes, while Mul's does, so a scalar or per-channel s gets a correctly shaped gradient.
    const lo = tf.mul(scale, tf.fill(w.shape, grid.n));
    const hi = tf.mul(scale, tf.fill(w.shape, grid.p));
    const clipped = tf.minimum(tf.maximum(w, lo), hi);
    return aggregate(tf.square(tf.sub(target, clipped)), aggregation, depthwise);
  });
}
