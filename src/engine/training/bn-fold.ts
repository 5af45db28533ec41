import * as tf from '@tensorflow/tfjs';
import { BN_EPSILON } from '../models/layers';
import type { WeightLayer } from '../models/model';

/**
 * Per-output-channel factor g = gamma / sqrt(movingVariance + eps) that BN folding multiplies a
 * kernel by (methods.md 1.6), shaped to broadcast against the kernel: [out] for conv2d (last axis),
 * [C, multiplier] for depthwise kernels [kh, kw, C, multiplier]. Null for a layer without BN.
 */
export function foldFactor(layer: WeightLayer): tf.Tensor | null {
  const bn = layer.bn;
  if (!bn) return null;
  return tf.tidy(() => {
    const g = tf.div(bn.gamma, tf.sqrt(tf.add(bn.movingVariance, BN_EPSILON)));
    if (layer.kind !== 'depthwise') return g;
    const [, , channels, multiplier] = layer.kernel.shape as number[];
    return tf.reshape(g, [channels!, multiplier!]);
  });
}

/**
 * Quantize a layer as deployed: fold BN into the kernel, quantize the folded kernel, then divide
 * the factor back out. With BN in eval mode the network then computes exactly conv(x, Q(W * g)) +
 * folded bias, i.e. the BN-folded deploy model with quantized weights, without rebuilding the model.
 */
export function quantizeFolded(
  layer: WeightLayer,
  quantize: (kernel: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  const g = foldFactor(layer);
  if (!g) return quantize(layer.kernel);
  try {
    return tf.tidy(() => {
      // A channel with gamma = 0 outputs beta alone; any kernel value is then equivalent.
      const safe = tf.where(tf.equal(g, 0), tf.onesLike(g), g);
      return tf.div(quantize(tf.mul(layer.kernel, safe)), safe);
    });
  } finally {
    g.dispose();
  }
}
