import * as tf from '@tensorflow/tfjs';
import type { DeviceSplit } from '../data/device-data';
import { BatchSampler } from '../data/device-data';
import type { BatchNormParams } from '../models/layers';
import type { ForwardHooks, Model, WeightLayer } from '../models/model';
import { BN_REESTIMATE_BATCHES, reestimateSeed } from './bn-reestimate-constants';

export { BN_REESTIMATE_BATCHES, reestimateSeed } from './bn-reestimate-constants';

/** What a re-estimation did. */
export interface BnReestimateResult {
  /** Training batches averaged over. */
  batches: number;
  /** Batch norms whose running statistics were rewritten. */
  layers: number;
}

/**
 * BN re-estimation (methods 5.6): replace every batch norm's running mean and variance with the
 * equal-weight average, over `batches` training batches, of the per-batch means and unbiased
 * per-batch variances, measured in train mode through `hooks` (so a QAT model's quantized weights
 * and inputs are what the statistics describe). No gradient, no optimizer step; only the running
 * statistics change.
 *
 * [LAB] `batches` is capped at the number of whole batches in the training split (one epoch of a
 * dedicated sampler, so no example is seen twice on small data sets).
 *
 * How the per-batch moments are read without touching the model: the train-mode forward moves each
 * running statistic by `r <- m r + (1 - m) b` (m = the BN's momentum). Zeroing `r` before each batch
 * leaves `(1 - m) b`, so `b = r / (1 - m)` exactly up to float rounding. This relies on each batch
 * norm being applied once per forward pass, which holds for every model in the registry.
 */
export function reestimateBatchNorm(
  model: Model,
  train: DeviceSplit,
  batchSize: number,
  seed: number,
  hooks: ForwardHooks | undefined,
  batches = BN_REESTIMATE_BATCHES,
): BnReestimateResult {
  const convs = model.layers.filter((l) => l.bn);
  const norms = convs.map((l) => l.bn!);
  const count = Math.min(Math.max(1, Math.floor(batches)), Math.floor(train.count / batchSize));
  if (norms.length === 0 || count < 1) return { batches: 0, layers: 0 };
  const sampler = new BatchSampler(train.count, batchSize, reestimateSeed(seed));
  const sums: { mean: tf.Tensor1D; variance: tf.Tensor1D }[] = norms.map((bn) => ({
    mean: tf.zeros<tf.Rank.R1>(bn.movingMean.shape),
    variance: tf.zeros<tf.Rank.R1>(bn.movingVariance.shape),
  }));
  // Each conv's input shape, seen through an input hook, gives the element count per channel of
  // the BN after it (every conv pads 'same': output size = ceil(input size / stride)).
  const inputShapes = new Map<WeightLayer, number[]>();
  const measuring: ForwardHooks = {
    ...(hooks?.weight ? { weight: hooks.weight } : {}),
    input: (layer, x) => {
      inputShapes.set(layer, x.shape);
      return hooks?.input ? hooks.input(layer, x) : x;
    },
  };
  try {
    for (let i = 0; i < count; i++) {
      const indices = sampler.next();
      tf.tidy(() => {
        norms.forEach(resetStatistics);
        model.apply(tf.gather(train.images, indices), 'train', measuring);
        norms.forEach((bn, j) => {
          // Unbiased per-batch variance, as [OSC-code] (PyTorch BN) records it: n / (n - 1).
          const n = elementsPerChannel(convs[j]!, inputShapes.get(convs[j]!), batchSize);
          const correction = n > 1 ? n / (n - 1) : 1;
          const sum = sums[j]!;
          const next = {
            mean: tf.keep(tf.add<tf.Tensor1D>(sum.mean, batchMoment(bn, bn.movingMean, 1))),
            variance: tf.keep(
              tf.add<tf.Tensor1D>(sum.variance, batchMoment(bn, bn.movingVariance, correction)),
            ),
          };
          sum.mean.dispose();
          sum.variance.dispose();
          sums[j] = next;
        });
      });
      indices.dispose();
    }
    // Inside a tidy: the variables keep their new values, the divisions' results are freed.
    tf.tidy(() =>
      norms.forEach((bn, j) => {
        const sum = sums[j]!;
        bn.movingMean.assign(tf.div(sum.mean, count));
        bn.movingVariance.assign(tf.div(sum.variance, count));
      }),
    );
  } finally {
    sampler.dispose();
    sums.forEach((s) => tf.dispose([s.mean, s.variance]));
  }
  return { batches: count, layers: norms.length };
}

/** Elements per channel of the conv output that `layer`'s batch norm normalises, from its input shape. */
function elementsPerChannel(
  layer: WeightLayer,
  inputShape: number[] | undefined,
  batchSize: number,
): number {
  if (!inputShape || inputShape.length !== 4) return batchSize; // not a conv: no spatial axes
  const stride = 'stride' in layer && typeof layer.stride === 'number' ? layer.stride : 1;
  const [, h, w] = inputShape;
  return batchSize * Math.ceil(h! / stride) * Math.ceil(w! / stride);
}

/** Zero the running statistics, so the next train-mode forward leaves (1 - m) x its batch moments. */
function resetStatistics(bn: BatchNormParams): void {
  bn.movingMean.assign(tf.zerosLike(bn.movingMean));
  bn.movingVariance.assign(tf.zerosLike(bn.movingVariance));
}

/** The batch moment a zeroed running statistic took in, times `scale`. */
function batchMoment(bn: BatchNormParams, running: tf.Tensor1D, scale: number): tf.Tensor1D {
  return tf.mul(running, scale / (1 - bn.momentum));
}
