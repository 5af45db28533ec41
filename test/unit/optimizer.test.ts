import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { createOptimizer, setLearningRate } from '../../src/engine/training/optimizer';

test.each(['adam', 'momentum'] as const)('setLearningRate changes what %s applies', (kind) => {
  const x = tf.variable(tf.scalar(1));
  const optimizer = createOptimizer(kind, 0.1);
  const step = () => tf.dispose(optimizer.minimize(() => tf.mul(x, 2) as tf.Scalar, true, [x])!);
  step();
  const afterFirst = x.dataSync()[0]!;
  expect(afterFirst).toBeLessThan(1);
  setLearningRate(optimizer, 0); // a zero rate must freeze x, momentum or not
  step();
  expect(x.dataSync()[0]).toBe(afterFirst);
  optimizer.dispose();
  x.dispose();
});
