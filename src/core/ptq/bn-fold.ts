import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { assertLayout, type LayerKind } from '../quant/layout';

/** Inference-mode batch-norm parameters of one layer, one value per output channel. */
export interface BatchNormParams {
  gamma: tf.Tensor;
  beta: tf.Tensor;
  movingMean: tf.Tensor;
  movingVariance: tf.Tensor;
  /** The epsilon the BN layer adds to the variance (TF.js layers default 1e-3). */
  epsilon: number;
}

/** BN folding as implemented (methods.md 1.6), c = output channel. */
export const BN_FOLD_FORMULA =
  'W_f[..., c] = W[..., c] * gamma_c / sqrt(var_c + eps); ' +
  'b_f[c] = beta_c + (b_c - mu_c) * gamma_c / sqrt(var_c + eps)';

/**
 * Fold an inference-mode batch norm into the preceding conv / dense / depthwise layer (methods.md
 * 1.6), so that layer(x; W_f) + b_f == BN(layer(x; W) + b). TF.js layouts: conv2d [kh, kw, in, out] and
 * dense [in, out] scale the last axis; depthwise [kh, kw, in, mult] has in * mult output channels,
 * numbered c = i * mult + m as tf.depthwiseConv2d orders them, so the factors are reshaped to
 * [in, mult]. `bias` null means a layer without bias (b = 0).
 *
 * PTQ-time (cadence): reads once to reject non-finite BN parameters and var + eps <= 0 with a
 * QuantError. The caller owns the returned tensors.
 */
export function foldBatchNorm(
  kernel: tf.Tensor,
  bias: tf.Tensor | null,
  bn: BatchNormParams,
  kind: LayerKind,
): { kernel: tf.Tensor; bias: tf.Tensor } {
  assertLayout(kernel.shape, kind);
  const channelShape =
    kind === 'depthwise' ? kernel.shape.slice(2) : kernel.shape.slice(kernel.rank - 1);
  const channels = channelShape.reduce((a, b) => a * b, 1);
  assertChannels(bn, bias, channels);
  assertBatchNormValues(bn);
  return tf.tidy(() => {
    const factor = tf.div(bn.gamma, tf.sqrt(tf.add(bn.movingVariance, bn.epsilon)));
    const foldedKernel = tf.mul(kernel, tf.reshape(factor, channelShape));
    const b = bias ?? tf.zeros([channels]);
    const foldedBias = tf.add(bn.beta, tf.mul(tf.sub(b, bn.movingMean), factor));
    return { kernel: foldedKernel, bias: foldedBias };
  });
}

function assertChannels(bn: BatchNormParams, bias: tf.Tensor | null, channels: number): void {
  const named: Array<[string, tf.Tensor | null]> = [
    ['gamma', bn.gamma],
    ['beta', bn.beta],
    ['movingMean', bn.movingMean],
    ['movingVariance', bn.movingVariance],
    ['bias', bias],
  ];
  for (const [name, t] of named) {
    if (t !== null && (t.rank !== 1 || t.size !== channels)) {
      throw new QuantError(
        `BN folding: ${name} must be 1-D with ${channels} values (one per output channel), ` +
          `got shape [${t.shape.join(', ')}]`,
      );
    }
  }
}

function assertBatchNormValues(bn: BatchNormParams): void {
  if (!Number.isFinite(bn.epsilon) || bn.epsilon < 0) {
    throw new QuantError(`BN folding: epsilon must be a finite number >= 0, got ${bn.epsilon}`);
  }
  const [finite, minDenominator] = tf.tidy(() => {
    const all = tf.concat([bn.gamma, bn.beta, bn.movingMean, bn.movingVariance]);
    const ok = tf.cast(tf.all(tf.isFinite(all)), 'float32');
    return tf.stack([ok, tf.min(tf.add(bn.movingVariance, bn.epsilon))]).dataSync();
  });
  if (finite !== 1) throw new QuantError('BN folding: BN parameters hold NaN or Inf');
  if (!(minDenominator! > 0)) {
    throw new QuantError('BN folding: var + eps must be > 0 for every channel');
  }
}
