import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../protocol';

/** SGD momentum value used by the 'momentum' optimizer. */
export const SGD_MOMENTUM = 0.9;

/** The optimizer a recipe names, at its learning rate. */
export function createOptimizer(
  kind: TrainConfig['optimizer'],
  learningRate: number,
): tf.Optimizer {
  switch (kind) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, SGD_MOMENTUM);
  }
}
