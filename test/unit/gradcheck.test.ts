import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { gradientErrors } from '../helpers/gradcheck';
import { tensorCustomGrad } from '../../src/core/autodiff';

test('gradient check passes a correct gradient and catches a wrong one', () => {
  const x = tf.tensor1d([0.3, -0.7, 1.2]);
  const s = tf.scalar(0.5);
  const before = tf.memory().numTensors;
  const good = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.pow(a, 3), b)) as tf.Scalar;
  expect(Math.max(...gradientErrors(good, [x, s]))).toBeLessThan(1e-2);

  // Same value, but the custom gradient for `a` is 2x the true one.
  const wrong = tensorCustomGrad(([a], save) => {
    save([a!]);
    return {
      value: tf.sum(tf.square(a!)),
      gradFunc: (dy, [saved]) => [tf.mul(dy, tf.mul(saved!, 4))],
    };
  });
  expect(gradientErrors((a) => wrong(a) as tf.Scalar, [x])[0]).toBeGreaterThan(0.5);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, s]);
});
