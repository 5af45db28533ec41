import * as tf from '@tensorflow/tfjs';
import { BIT_WIDTHS } from '../../core/quant/bits';
import { reduceAxes } from '../../core/quant/layout';
import { unbiasedStd } from '../../core/stats/kurtosis';
import { SQNR_QUANTIZERS, sqnrDb } from '../../core/metrics/sqnr';
import { channelsOf, kernelPosition } from '../../core/metrics/kernel-position';
import type { Model, WeightLayer } from '../models/model';
import type { LayerOutliers, LayerSqnr } from '../protocol';

/** Largest weights per layer the inspector lists. */
export const TOP_WEIGHTS = 10;

/** The inspector's live figures of every weight layer. */
export interface LayerInspection {
  sqnr: LayerSqnr[];
  outliers: LayerOutliers[];
}

/**
 * SQNR at W2..W8 for each inspector quantizer, the top weights by |w|, each channel's range and
 * the std, of every weight layer: computed on the device, packed into one tensor and read once.
 */
export async function readLayerInspection(model: Model): Promise<LayerInspection> {
  const parts = model.layers.map(layerParts);
  const packed = tf.tidy(() => tf.concat(parts.flatMap((p) => p.tensors())));
  const values = await packed.data();
  packed.dispose();
  let offset = 0;
  const take = (n: number) => values.subarray(offset, (offset += n));
  const sqnr: LayerSqnr[] = [];
  const outliers: LayerOutliers[] = [];
  model.layers.forEach((layer, i) => {
    const { channels, k } = parts[i]!;
    const db = SQNR_QUANTIZERS.map(() => [...take(BIT_WIDTHS.length)].map(finiteOrNull));
    sqnr.push({ name: layer.name, db });
    const [std] = take(1);
    const topValues = [...take(k)];
    const topIndices = [...take(k)];
    const shape = layer.kernel.shape;
    outliers.push({
      name: layer.name,
      kind: layer.kind,
      shape,
      std: std!,
      top: topValues.map((value, j) => ({
        value,
        ...kernelPosition(shape, layer.kind, topIndices[j]!),
      })),
      channelMin: [...take(channels)],
      channelMax: [...take(channels)],
    });
  });
  return { sqnr, outliers };
}

/** One layer's share of the packed read, in the order {@link readLayerInspection} takes it. */
function layerParts(layer: WeightLayer) {
  const { kernel, kind } = layer;
  const k = Math.min(TOP_WEIGHTS, kernel.size);
  const axes = reduceAxes(kernel.shape, 'per-channel', kind);
  const channels = channelsOf(kernel.shape, kind);
  const tensors = (): tf.Tensor[] => {
    const flat = tf.reshape(kernel, [-1]);
    const { indices } = tf.topk(tf.abs(flat), k);
    return [
      ...SQNR_QUANTIZERS.map(({ config }) =>
        tf.stack(BIT_WIDTHS.map((bits) => sqnrDb(kernel, { ...config, bits, kind }))),
      ),
      tf.reshape(unbiasedStd(kernel), [1]),
      tf.gather(flat, indices),
      tf.cast(indices, 'float32'),
      tf.reshape(tf.min(kernel, axes), [-1]),
      tf.reshape(tf.max(kernel, axes), [-1]),
    ];
  };
  return { channels, k, tensors };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);
