// A short seeded optimisation: SGD on (s, beta) lowers the quantization MSE (methods.md 4.2, 4.4).
import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import {
  clampScale,
  createLsqPlusParams,
  disposeLearnedParams,
} from '../../../../src/core/lsq/params';
import { lsqPlusFakeQuant, type LsqPlusConfig } from '../../../../src/core/lsq/lsq-plus';
import { expectNoLeak, swishLike } from './helpers';

test.each<LsqPlusConfig>(['unsigned-asymmetric', 'signed-asymmetric'])(
  '%s: 50 SGD steps on s and beta from a poor init reduce the MSE on a shifted Swish batch',
  (config) => {
    expectNoLeak(() => {
      // batch of 8 examples x 256 features, z ~ N(0, 1.5^2), x = z * sigmoid(z) - 0.4
      const x = tf.tensor2d(swishLike(42, 8 * 256, 1.5, -0.4), [8, 256]);
      // poor init: a step far too small and an offset above most of the data
      const params = createLsqPlusParams(
        { shape: [], s: Float32Array.of(0.05), beta: Float32Array.of(0.6) },
        config,
      );
      const optimizer = tf.train.sgd(0.5);
      const mse = () =>
        tf.tidy(() => {
          const xHat = lsqPlusFakeQuant(x, params, { bits: 3, config, role: 'activation' });
          return tf.mean(tf.squaredDifference(xHat, x)) as tf.Scalar;
        });
      const read = () => tf.tidy(() => mse().dataSync()[0]!);
      const before = read();
      const history: number[] = [];
      for (let step = 0; step < 50; step++) {
        optimizer.minimize(mse, false, [params.s, params.beta!]);
        clampScale(params);
        if (step % 10 === 9) history.push(read());
      }
      const after = read();
      expect(Number.isFinite(after)).toBe(true);
      expect(after).toBeLessThan(before);
      // direction only: the MSE fell overall and between the first and last checkpoints
      expect(history[history.length - 1]).toBeLessThan(history[0]!);
      optimizer.dispose();
      disposeLearnedParams(params);
      x.dispose();
    });
  },
);
