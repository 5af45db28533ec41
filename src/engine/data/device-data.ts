import * as tf from '@tensorflow/tfjs';
import { mulberry32, permutation } from '../random';
import type { Dataset, Split } from './dataset';

/** One split uploaded once to the backend: images [N, H, W, 1] in [0, 1], labels int32 [N]. */
export interface DeviceSplit {
  count: number;
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
}

/** Upload a split once; every batch is then a gather on the device, never a fresh upload. */
export function uploadSplit(split: Split, rows: number, cols: number): DeviceSplit {
  const pixels = new Float32Array(split.images.length);
  for (let i = 0; i < pixels.length; i++) pixels[i] = split.images[i]! / 255;
  return {
    count: split.count,
    images: tf.tensor4d(pixels, [split.count, rows, cols, 1]),
    labels: tf.tensor1d(Int32Array.from(split.labels), 'int32'),
  };
}

export function uploadDataset(ds: Dataset): { train: DeviceSplit; test: DeviceSplit } {
  return {
    train: uploadSplit(ds.train, ds.rows, ds.cols),
    test: uploadSplit(ds.test, ds.rows, ds.cols),
  };
}

export function disposeSplit(split: DeviceSplit): void {
  split.images.dispose();
  split.labels.dispose();
}

/**
 * Seeded epoch sampler: one shuffled index tensor per epoch (a single small upload), sliced per batch.
 * The last partial batch of an epoch is dropped so every step sees `batchSize` examples.
 */
export class BatchSampler {
  private readonly random: () => number;
  private order: tf.Tensor1D | null = null;
  private offset = 0;

  constructor(
    private readonly count: number,
    private readonly batchSize: number,
    seed: number,
  ) {
    if (batchSize > count)
      throw new Error(`Batch size ${batchSize} exceeds the ${count} training examples`);
    this.random = mulberry32(seed);
  }

  /** Indices of the next batch (caller disposes). */
  next(): tf.Tensor1D {
    if (this.order === null || this.offset + this.batchSize > this.count) {
      this.order?.dispose();
      this.order = tf.tensor1d(permutation(this.count, this.random), 'int32');
      this.offset = 0;
    }
    const batch = tf.slice(this.order, [this.offset], [this.batchSize]);
    this.offset += this.batchSize;
    return batch;
  }

  dispose(): void {
    this.order?.dispose();
    this.order = null;
  }
}
