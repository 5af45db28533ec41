import * as tf from '@tensorflow/tfjs';
import type { DeviceSplit } from '../data/device-data';
import type { ForwardHooks, Model } from '../models/model';

/** Accuracy and mean cross-entropy on the first `examples` images of a split. */
export interface Evaluation {
  accuracy: number;
  loss: number;
  /** Images evaluated: the limit, or the whole split when it is smaller. */
  examples: number;
}

/** Examples per forward pass when evaluating: bounds peak memory on small GPUs. */
export const EVAL_CHUNK = 500;

/**
 * Evaluate in eval mode (BN running statistics) on the first `limit` examples of the split (all by
 * default; the split is stored shuffled, so a prefix is a fair sample), with a single device read.
 */
export async function evaluate(
  model: Model,
  split: DeviceSplit,
  numClasses: number,
  limit = split.count,
  hooks?: ForwardHooks,
): Promise<Evaluation> {
  const count = Math.min(limit, split.count);
  let sums = tf.zeros([2]);
  for (let start = 0; start < count; start += EVAL_CHUNK) {
    const size = Math.min(EVAL_CHUNK, count - start);
    const next = tf.tidy(() => {
      const x = tf.slice(split.images, [start, 0, 0, 0], [size, -1, -1, -1]);
      const y = tf.slice(split.labels, [start], [size]);
      const logits = model.apply(x, 'eval', hooks);
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32'));
      const loss = tf.losses.softmaxCrossEntropy(
        tf.oneHot(y, numClasses),
        logits,
        undefined,
        undefined,
        tf.Reduction.SUM,
      );
      return tf.add(sums, tf.stack([correct, loss]));
    });
    sums.dispose();
    sums = next;
  }
  const [correct, lossSum] = await sums.data();
  sums.dispose();
  return { accuracy: correct! / count, loss: lossSum! / count, examples: count };
}
