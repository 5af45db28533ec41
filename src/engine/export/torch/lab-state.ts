/**
 * Reads what `--with-state` exports from the lab's own objects: a model's variables under the
 * names train.py gives them, and the batches the lab's sampler draws first for a recipe.
 */
import * as tf from '@tensorflow/tfjs';
import { BatchSampler, type DeviceSplit } from '../../data/device-data';
import type { Model } from '../../models/model';
import type { NamedArray, StateBatch } from './state-files';

/**
 * Every variable of `model` (weights, BN parameters and running statistics) under the name
 * train.py gives it: `<layer>/kernel`, `<layer>/bias`, `<layer>/bn/gamma`, `<layer>/bn/beta`,
 * `<layer>/bn/moving_mean`, `<layer>/bn/moving_variance`.
 */
export function namedVariables(model: Model): [string, tf.Variable][] {
  return model.layers.flatMap((layer) => {
    const own: [string, tf.Variable][] = [[`${layer.name}/kernel`, layer.kernel]];
    if (layer.bias) own.push([`${layer.name}/bias`, layer.bias]);
    const bn = layer.bn;
    if (bn) {
      own.push([`${bn.name}/gamma`, bn.gamma], [`${bn.name}/beta`, bn.beta]);
      own.push([`${bn.name}/moving_mean`, bn.movingMean]);
      own.push([`${bn.name}/moving_variance`, bn.movingVariance]);
    }
    return own;
  });
}

/** Every variable of `model` in the lab's layout (conv HWIO, dense [in, out]), read once. */
export async function labVariables(model: Model): Promise<NamedArray[]> {
  return Promise.all(
    namedVariables(model).map(async ([name, v]) => ({
      name,
      shape: v.shape,
      values: Float32Array.from(await v.data()),
    })),
  );
}

/**
 * The first `count` batches a session with this batch size and seed trains on (the same
 * BatchSampler, so the same indices in the same order).
 */
export async function labBatches(
  train: DeviceSplit,
  batchSize: number,
  seed: number,
  count: number,
): Promise<StateBatch[]> {
  const sampler = new BatchSampler(train.count, batchSize, seed);
  const out: StateBatch[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const indices = sampler.next();
      const [images, labels] = [tf.gather(train.images, indices), tf.gather(train.labels, indices)];
      const shape = images.shape as [number, number, number, number];
      out.push({
        shape,
        images: Float32Array.from(await images.data()),
        labels: await labels.data(),
      });
      tf.dispose([indices, images, labels]);
    }
  } finally {
    sampler.dispose();
  }
  return out;
}

/**
 * The images QAT's calibration forward sees (src/engine/training/session.ts calibrateTechniques):
 * the first `batchSize` training images in the data set's order.
 */
export async function labCalibrationBatch(
  train: DeviceSplit,
  batchSize: number,
): Promise<StateBatch> {
  const count = Math.min(batchSize, train.count);
  const [images, labels] = tf.tidy(() => [
    tf.slice(train.images, [0, 0, 0, 0], [count, -1, -1, -1]),
    tf.slice(train.labels, [0], [count]),
  ]);
  try {
    const shape = images!.shape as [number, number, number, number];
    return { shape, images: Float32Array.from(await images!.data()), labels: await labels!.data() };
  } finally {
    tf.dispose([images!, labels!]);
  }
}
