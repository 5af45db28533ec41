import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { linfR2 } from '../../../../src/core/regularizers/r2-linf';
import { gradientErrors } from '../../../helpers/gradcheck';
import { expectNoLeak, take } from '../stats/test-utils';

const gradOf = (w: tf.Tensor) => tf.grad((x: tf.Tensor) => linfR2(x))(w);

test('value and sub-gradient sign(w_k) at the arg-max only (methods.md 2.1)', () => {
  // |w| = [0.3, 0.7, 0.5, 0.1]: max = 0.7 at k = 1, sign(-0.7) = -1 -> grad [0, -1, 0, 0].
  const w = tf.tensor1d([0.3, -0.7, 0.5, -0.1]);
  expectNoLeak(() => {
    expect(take(linfR2(w))).toBeCloseTo(0.7, 6);
    const g = gradOf(w);
    expect(Array.from(g.dataSync(), (v) => v + 0)).toEqual([0, -1, 0, 0]); // +0 folds -0
    return g;
  });
  w.dispose();
});

test('ties split the gradient evenly (tfjs tf.max would give each tie the full 1)', () => {
  // |w| = [0.5, 0.5, 0.2]: two tied maxima -> grad [1/2 * 1, 1/2 * -1, 0] = [0.5, -0.5, 0].
  // The central difference agrees at a 2-way tie: raising w_0 by e raises the max by e, lowering it
  // leaves the max at 0.5 (the other tie), so (e - 0) / 2e = 0.5.
  const w = tf.tensor1d([0.5, -0.5, 0.2]);
  expectNoLeak(() => {
    const g = gradOf(w);
    expect(Array.from(g.dataSync(), (v) => v + 0)).toEqual([0.5, -0.5, 0]);
    expect(gradientErrors((x) => linfR2(x), [w])[0]).toBeLessThan(1e-2);
    return g;
  });
  w.dispose();
});

test('finite-difference gradient check on a conv-shaped kernel', () => {
  const w = tf.tensor4d([0.12, -0.4, 0.33, 0.05, -0.21, 0.27, 0.08, -0.15], [2, 2, 1, 2]);
  expectNoLeak(() => {
    expect(gradientErrors((x) => linfR2(x), [w])[0]).toBeLessThan(1e-2);
  });
  w.dispose();
});

test('all-zero kernel: 0 with zero gradient; empty or int kernels rejected', () => {
  const zeros = tf.zeros([3, 3]);
  const empty = tf.zeros([0, 4]);
  const ints = tf.tensor1d([1, 2], 'int32');
  expectNoLeak(() => {
    expect(take(linfR2(zeros))).toBe(0);
    const g = gradOf(zeros);
    expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
    expect(() => linfR2(empty)).toThrowError(/empty/);
    expect(() => linfR2(ints)).toThrowError(/float32/);
    return g;
  });
  tf.dispose([zeros, empty, ints]);
});
