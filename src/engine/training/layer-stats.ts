import * as tf from '@tensorflow/tfjs';
import { kurtosis, unbiasedStd } from '../../core/stats/kurtosis';
import type { Model } from '../models/model';
import type { LayerStats } from '../protocol';

/** Kurtosis, max|w| and std of every weight layer, computed on the device and read once. */
export async function readLayerStats(model: Model): Promise<LayerStats[]> {
  const packed = tf.tidy(() =>
    tf.stack(
      model.layers.map((l) =>
        tf.stack([kurtosis(l.kernel), tf.max(tf.abs(l.kernel)), unbiasedStd(l.kernel)]),
      ),
    ),
  );
  const values = await packed.data();
  packed.dispose();
  return model.layers.map((l, i) => ({
    name: l.name,
    kind: l.kind,
    kurtosis: values[3 * i]!,
    maxAbs: values[3 * i + 1]!,
    std: values[3 * i + 2]!,
  }));
}
