/**
 * The reference a lab step is compared with: the same model from the registry trained by a plain
 * tfjs loop, with the engine's data feed and optimizer and nothing else (no accumulators, no
 * metric reads, no checkpoints, no techniques).
 */
import * as tf from '@tensorflow/tfjs';
import { BatchSampler, type DeviceSplit } from '../engine/data/device-data';
import { createModel } from '../engine/models/registry';
import type { Model } from '../engine/models/model';
import type { Recipe } from '../settings/schema';
import { createOptimizer } from '../engine/training/optimizer';
import { yieldToEventLoop } from '../engine/yield-to-event-loop';

/** A bare training loop over one uploaded split. */
export interface BareLoop {
  /** One step: gather a batch on the device, forward, cross-entropy, optimizer update. */
  step(): tf.Scalar;
  /**
   * Wall-clock ms of `steps` steps, yielding to the event loop after each one as the engine
   * does, and reading the last step's loss (one device read) before the clock stops.
   */
  time(steps: number): Promise<number>;
  /** `chunks` times {@link time}(`steps`): ms of each chunk. */
  chunks(chunks: number, steps: number): Promise<number[]>;
  dispose(): void;
}

/** The model the engine would build for `recipe` on images `imageSize`² with `numClasses`. */
export function engineModel(recipe: Recipe, imageSize: number, numClasses: number): Model {
  return createModel(recipe.model, {
    activation: recipe.activation,
    numClasses,
    seed: recipe.seed,
    imageSize,
    inChannels: 1,
  });
}

/** A bare loop on `train` with `recipe`'s model, optimizer, learning rate, batch and seed. */
export function createBareLoop(
  recipe: Recipe,
  train: DeviceSplit,
  imageSize: number,
  numClasses: number,
): BareLoop {
  const model = engineModel(recipe, imageSize, numClasses);
  const optimizer = createOptimizer(recipe.optimizer, recipe.learningRate);
  const sampler = new BatchSampler(train.count, recipe.batchSize, recipe.seed);

  function step(): tf.Scalar {
    const indices = sampler.next();
    const loss = optimizer.minimize(
      () => {
        const x = tf.gather(train.images, indices);
        const y = tf.gather(train.labels, indices);
        const logits = model.apply(x, 'train');
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, numClasses), logits) as tf.Scalar;
      },
      true,
      model.trainable,
    )!;
    indices.dispose();
    return loss;
  }

  return {
    step,
    async chunks(chunks, steps) {
      const out: number[] = [];
      for (let i = 0; i < chunks; i++) out.push(await this.time(steps));
      return out;
    },
    async time(steps) {
      const start = performance.now();
      let last: tf.Scalar | null = null;
      for (let i = 0; i < steps; i++) {
        last?.dispose();
        last = step();
        await yieldToEventLoop();
      }
      if (last) {
        await last.data();
        last.dispose();
      }
      return performance.now() - start;
    },
    dispose() {
      optimizer.dispose();
      sampler.dispose();
      model.dispose();
    },
  };
}
