import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../models/activations';
import type { Model } from '../models/model';
import { MOBILENET_TINY_DEFAULTS } from '../models/mobilenet-tiny';
import { createModel, MODEL_NAMES, type ModelName } from '../models/registry';
import { RESNET_TINY_DEFAULTS } from '../models/resnet-tiny';

/**
 * The training workloads the fast CPU kernels are benchmarked and tested on: the engine's own
 * models from the registry, at MNIST shape, trained with the engine's plain step. Nothing here
 * defines a layer; it only picks the models' options and repeats the training step's loss.
 */

/** The registry's models, in its order. */
export const PROFILE_MODEL_NAMES = MODEL_NAMES;
export type ProfileModelName = ModelName;

const IMAGE_SIZE = 28;
const IN_CHANNELS = 1;
/** Classes of the profile workload (MNIST-shaped batches). */
export const NUM_CLASSES = 10;

/** Each model's default activation (the small CNN ignores the option and is always ReLU). */
const DEFAULT_ACTIVATION: Readonly<Record<ModelName, Activation>> = {
  'small-cnn': 'relu',
  'mobilenet-tiny': MOBILENET_TINY_DEFAULTS.activation,
  'resnet-tiny': RESNET_TINY_DEFAULTS.activation,
};

/** Registry model `name` at 28x28x1 and 10 classes; the same `seed` gives the same weights. */
export function buildProfileModel(name: ModelName, seed = 1): Model {
  return createModel(name, {
    activation: DEFAULT_ACTIVATION[name],
    numClasses: NUM_CLASSES,
    seed,
    imageSize: IMAGE_SIZE,
    inChannels: IN_CHANNELS,
  });
}

/** A deterministic pseudo-random batch: images [N,28,28,1] in [0,1) and int32 labels [N]. */
export function makeBatch(batch: number, seed = 7): { x: tf.Tensor4D; y: tf.Tensor1D } {
  return tf.tidy(() => ({
    x: tf.randomUniform<tf.Rank.R4>(
      [batch, IMAGE_SIZE, IMAGE_SIZE, IN_CHANNELS],
      0,
      1,
      'float32',
      seed,
    ),
    y: tf.tensor1d(
      Array.from({ length: batch }, (_, i) => (i * 7 + seed) % NUM_CLASSES),
      'int32',
    ),
  }));
}

/**
 * One optimizer step as the engine's training session takes it without techniques: train-mode
 * forward (batch statistics, BN running averages updated), softmax cross-entropy against one-hot
 * labels, `minimize` over `model.trainable`. Returns the loss before the update.
 */
export function trainStep(
  model: Model,
  optimizer: tf.Optimizer,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
): number {
  const loss = optimizer.minimize(
    () =>
      tf.losses.softmaxCrossEntropy(
        tf.oneHot(y, NUM_CLASSES),
        model.apply(x, 'train'),
      ) as tf.Scalar,
    true,
    model.trainable,
  );
  const value = loss === null ? NaN : loss.dataSync()[0]!;
  loss?.dispose();
  return value;
}
