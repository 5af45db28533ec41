import * as tf from '@tensorflow/tfjs';
import type { Recipe } from '../../settings/schema';

import { ADAM, SGD_MOMENTUM } from './optimizer-constants';

export { ADAM, SGD_MOMENTUM };

/** The optimizer a recipe names, at its learning rate. */
export function createOptimizer(kind: Recipe['optimizer'], learningRate: number): tf.Optimizer {
  switch (kind) {
    case 'adam':
      return tf.train.adam(learningRate, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
    case 'momentum':
      return tf.train.momentum(learningRate, SGD_MOMENTUM);
  }
}

/**
 * Change an optimizer's learning rate between steps. SGD and momentum keep it in a scalar tensor
 * (setLearningRate replaces it); Adam reads its numeric field on every step.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  // Not instanceof: tfjs optimizers duck-type Symbol.hasInstance, so Adam passes for SGD.
  const sgd = optimizer as Partial<Pick<tf.SGDOptimizer, 'setLearningRate'>>;
  if (typeof sgd.setLearningRate === 'function') sgd.setLearningRate(learningRate);
  else (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
