import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { QuantError } from '../../../../src/core/errors';
import {
  KURTOSIS_EPS,
  kurtosis,
  kurtosisOf,
  readKurtosis,
  unbiasedStd,
} from '../../../../src/core/stats/kurtosis';
import { gradientErrors } from '../../../helpers/gradcheck';
import { expectNoLeak, gaussianSample, seededRandom, take } from './test-utils';

describe('kurtosis: hand-computed values (methods.md 3.1)', () => {
  test('uniform-like set [-3, -1, 1, 3] uses the N-1 std', () => {
    // mu = 0; sum d^2 = 9 + 1 + 1 + 9 = 20; unbiased var = 20 / 3, so sigma^4 = 400 / 9.
    // mean d^4 = (81 + 1 + 1 + 81) / 4 = 41; Kurt = 41 / (400 / 9) = 369 / 400 = 0.9225.
    // Biased var (tf.moments) would be 20 / 4 = 5: Kurt = 41 / 25 = 1.64, i.e. 0.9225 * (4/3)^2.
    expectNoLeak(() => {
      const w = tf.tensor1d([-3, -1, 1, 3]);
      const k = take(kurtosis(w));
      expect(k).toBeCloseTo(0.9225, 5);
      expect(Math.abs(k - 1.64)).toBeGreaterThan(0.5);
      expect(kurtosisOf([-3, -1, 1, 3])).toBeCloseTo(0.9225, 6);
      return w;
    });
  });

  test('spiky set [0, 0, 0, 0, 4]', () => {
    // mu = 0.8; d = [-0.8 x4, 3.2]; sum d^2 = 4 * 0.64 + 10.24 = 12.8; unbiased var = 12.8 / 4 = 3.2,
    // sigma^4 = 10.24. sum d^4 = 4 * 0.4096 + 104.8576 = 106.496; mean = 21.2992.
    // Kurt = 21.2992 / 10.24 = 2.08. Biased: var = 2.56, sigma^4 = 6.5536, Kurt = 3.25 (= 2.08 / 0.64).
    expectNoLeak(() => {
      const w = tf.tensor1d([0, 0, 0, 0, 4]);
      expect(take(kurtosis(w))).toBeCloseTo(2.08, 5);
      expect(kurtosisOf([0, 0, 0, 0, 4])).toBeCloseTo(2.08, 6);
      return w;
    });
  });

  test('over ALL elements of a kernel, whatever its shape', () => {
    // [[0, 0], [0, 4]] pooled: mu = 1, d = [-1, -1, -1, 3]; sum d^2 = 12, var = 4, sigma^4 = 16;
    // mean d^4 = (1 + 1 + 1 + 81) / 4 = 21; Kurt = 21 / 16 = 1.3125 (per-column values would differ).
    expectNoLeak(() => {
      const w = tf.tensor2d([0, 0, 0, 4], [2, 2]);
      expect(take(kurtosis(w))).toBeCloseTo(1.3125, 5);
      return w;
    });
  });

  test('unbiasedStd of [-3, -1, 1, 3] = sqrt(20 / 3)', () => {
    expectNoLeak(() => {
      const w = tf.tensor1d([-3, -1, 1, 3]);
      expect(take(unbiasedStd(w))).toBeCloseTo(Math.sqrt(20 / 3), 5);
      return w;
    });
  });

  test('a large Gaussian sample has kurtosis near 3, and both versions agree', () => {
    const values = gaussianSample(20000, 7);
    expect(kurtosisOf(values)).toBeGreaterThan(2.85);
    expect(kurtosisOf(values)).toBeLessThan(3.15);
    expectNoLeak(() => {
      const w = tf.tensor1d(values);
      expect(take(kurtosis(w))).toBeCloseTo(kurtosisOf(values), 3);
      return w;
    });
  });
});

describe('kurtosis: properties and gradients', () => {
  test('invariant to scale and shift (seeded loop)', () => {
    const rand = seededRandom(42);
    for (let trial = 0; trial < 20; trial++) {
      const base = gaussianSample(64, 100 + trial).map((v) => v ** 3); // heavy-tailed
      const scale = 10 ** (rand() * 4 - 2); // 0.01 .. 100
      const shift = scale * (rand() * 6 - 3);
      expectNoLeak(() => {
        const w = tf.tensor1d(base);
        const moved = tf.tensor1d(base.map((v) => v * scale + shift));
        const k0 = take(kurtosis(w));
        expect(take(kurtosis(moved))).toBeCloseTo(k0, 2);
        expect(Math.abs(take(kurtosis(moved)) - k0) / k0).toBeLessThan(1e-4);
        return [w, moved];
      });
    }
  });

  test('finite-difference gradient check', () => {
    const w = tf.tensor2d([-0.9, 0.3, 1.7, -0.2, 0.6, -1.1], [2, 3]);
    expectNoLeak(() => {
      const [err] = gradientErrors((x) => kurtosis(x), [w]);
      expect(err).toBeLessThan(2e-2);
    });
    w.dispose();
  });

  test('gradient flows through mu and sigma: sum_i dK/dw_i = 0 and sum_i w_i dK/dw_i = 0', () => {
    // Shift invariance gives sum of the gradient = 0; scale invariance (Euler) gives w . grad = 0.
    // Both fail if mu or sigma were treated as constants.
    const w = tf.tensor1d([-0.9, 0.3, 1.7, -0.2, 0.6, -1.1]);
    expectNoLeak(() => {
      const g = tf.grad((x: tf.Tensor) => kurtosis(x))(w);
      const gv = Array.from(g.dataSync());
      const wv = Array.from(w.dataSync());
      const sum = gv.reduce((a, b) => a + b, 0);
      const dot = gv.reduce((a, b, i) => a + b * wv[i]!, 0);
      expect(Math.max(...gv.map(Math.abs))).toBeGreaterThan(0.1);
      expect(Math.abs(sum)).toBeLessThan(1e-5);
      expect(Math.abs(dot)).toBeLessThan(1e-5);
      return g;
    });
    w.dispose();
  });
});

describe('kurtosis: bad input', () => {
  test('all-zero layer: sigma = eps, kurtosis 0, zero gradient, no NaN', () => {
    const w = tf.zeros([3, 3, 1, 2]);
    expectNoLeak(() => {
      expect(take(unbiasedStd(w))).toBeCloseTo(KURTOSIS_EPS, 12);
      expect(take(kurtosis(w))).toBe(0);
      const g = tf.grad((x: tf.Tensor) => kurtosis(x))(w);
      expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true);
      return g;
    });
    expect(kurtosisOf(new Float32Array(4))).toBe(0);
    w.dispose();
  });

  test('empty, one-element and integer tensors are rejected', () => {
    const empty = tf.tensor1d([]);
    const one = tf.tensor1d([1]);
    const ints = tf.tensor1d([1, 2, 3], 'int32');
    expectNoLeak(() => {
      expect(() => kurtosis(empty)).toThrowError(QuantError);
      expect(() => kurtosis(empty)).toThrowError(/at least 2 elements/);
      expect(() => kurtosis(one)).toThrowError(/at least 2 elements/);
      expect(() => unbiasedStd(one)).toThrowError(/N - 1/);
      expect(() => kurtosis(ints)).toThrowError(/float32/);
    });
    expect(() => kurtosisOf([])).toThrowError(/at least 2/);
    tf.dispose([empty, one, ints]);
  });

  test('non-finite weights: typed version throws; tensor version gives NaN that readKurtosis rejects', async () => {
    expect(() => kurtosisOf([1, Number.NaN, 2])).toThrowError(/value 1 is NaN/);
    expect(() => kurtosisOf([1, Number.POSITIVE_INFINITY])).toThrowError(/finite/);
    const w = tf.tensor1d([1, Number.POSITIVE_INFINITY, 2]);
    const before = tf.memory().numTensors;
    const k = kurtosis(w);
    expect(Number.isNaN(k.dataSync()[0])).toBe(true);
    await expect(readKurtosis([k], ['conv2'])).rejects.toThrowError(/conv2 is NaN/);
    k.dispose();
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });
});

test('readKurtosis reads every layer in one go and disposes its stack', async () => {
  const a = tf.tensor1d([-3, -1, 1, 3]);
  const b = tf.tensor1d([0, 0, 0, 0, 4]);
  const ks = [kurtosis(a), kurtosis(b)];
  const before = tf.memory().numTensors;
  const values = await readKurtosis(ks);
  expect(values[0]).toBeCloseTo(0.9225, 5);
  expect(values[1]).toBeCloseTo(2.08, 5);
  expect(await readKurtosis([])).toEqual([]);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([a, b, ...ks]);
});
