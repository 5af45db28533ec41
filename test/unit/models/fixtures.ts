// Shared set-up for the model zoo tests: small batches, built models, and a view of the
// variables a model owns (the Model contract exposes only the trainable ones).
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../../../src/engine/models/activations';
import type { ForwardHooks, ForwardMode, Model } from '../../../src/engine/models/model';
import { createModel, type ModelName } from '../../../src/engine/models/registry';

/** MNIST-sized inputs, 10 classes. */
export const BASE_OPTIONS = { numClasses: 10, imageSize: 28, inChannels: 1 } as const;

/** Model `name` with `activation` and `seed`. */
export function build(name: ModelName, activation: Activation = 'relu', seed = 7): Model {
  return createModel(name, { ...BASE_OPTIONS, activation, seed });
}

/** A deterministic batch of `n` images in [0, 1], [n, 28, 28, 1]. */
export function images(n: number, seed = 1): tf.Tensor4D {
  return tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', seed);
}

/** One-hot labels 0, 1, 2, ... for a batch of `n`. */
export function labels(n: number): tf.Tensor2D {
  return tf.tidy(() =>
    tf.oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % 10),
        'int32',
      ),
      10,
    ),
  ) as tf.Tensor2D;
}

/** Logits of `model` on `x` read back to the CPU; no tensor outlives the call. */
export function logits(
  model: Model,
  x: tf.Tensor4D,
  mode: ForwardMode = 'eval',
  hooks?: ForwardHooks,
): Float32Array {
  const out = tf.tidy(() => model.apply(x, mode, hooks));
  const values = out.dataSync() as Float32Array;
  out.dispose();
  return values;
}

/** Mean softmax cross-entropy of a train-mode forward pass (for gradient tests). */
export function trainLoss(model: Model, x: tf.Tensor4D, y: tf.Tensor2D, hooks?: ForwardHooks) {
  return tf.losses.softmaxCrossEntropy(y, model.apply(x, 'train', hooks)) as tf.Scalar;
}

/** Builds a model with `create` and returns it with every variable it registered with tfjs. */
export function withVariables(create: () => Model): { model: Model; variables: tf.Variable[] } {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  const model = create();
  const registered = tf.engine().registeredVariables;
  const variables = Object.keys(registered)
    .filter((key) => !before.has(key))
    .map((key) => registered[key]!);
  return { model, variables };
}

/** Copies of the values of `variables` (the CPU backend's dataSync may share the live buffer). */
export function snapshot(variables: readonly tf.Variable[]): Float32Array[] {
  return variables.map((v) => Float32Array.from(v.dataSync()));
}
