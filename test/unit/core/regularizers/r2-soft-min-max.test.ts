import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  SOFT_MIN_MAX_INIT_TEMPERATURE,
  softMinMaxInitRaw,
  softMinMaxR2,
  softMinMaxTemperature,
} from '../../../../src/core/regularizers/r2-soft-min-max';
import { gradientErrors } from '../../../helpers/gradcheck';
import { expectNoLeak, gaussianSample, seededRandom, take } from '../stats/test-utils';

const LN2 = Math.log(2);

/** R_smm(values, a_raw) read back as a number. */
function smm(values: number[], aRaw: number, scaleByStd: boolean): number {
  return tf.tidy(() => take(softMinMaxR2(tf.tensor1d(values), tf.scalar(aRaw), { scaleByStd })));
}

describe('Soft-Min-Max R2: hand-computed values (methods.md 2.1, 2.2)', () => {
  test('a_raw = 0 gives t = softplus(0) = ln 2; unscaled a = t on W = [-1, 0, 1]', () => {
    // e^{aW} = [1/2, 1, 2], sum 3.5 -> softmax(aW) = [1/7, 2/7, 4/7]; smax = -1/7 + 4/7 = 3/7.
    // softmax(-aW) = [4/7, 2/7, 1/7]; smin = -4/7 + 1/7 = -3/7. R = 6/7 + e^{-ln 2} = 6/7 + 1/2.
    expectNoLeak(() => {
      expect(smm([-1, 0, 1], 0, false)).toBeCloseTo(6 / 7 + 0.5, 5);
    });
  });

  test('std scaling: W = [-2, 0, 2] has std 2, so a = ln2 / 2 and R doubles the range of [-1, 0, 1]', () => {
    // Unbiased std = sqrt((4 + 0 + 4) / 2) = 2 -> a W = [-ln 2, 0, ln 2]: same softmax weights as above,
    // smax = (-2 + 8) / 7 = 6/7, smin = -6/7, R = 12/7 + e^{-t} = 12/7 + 1/2 (e^{-t}, not e^{-a}).
    // Unscaled (a = ln 2): e^{aW} = [1/4, 1, 4], sum 5.25 -> [1, 4, 16] / 21; smax = 30/21 = 10/7,
    // R = 20/7 + 1/2.
    expectNoLeak(() => {
      expect(smm([-2, 0, 2], 0, true)).toBeCloseTo(12 / 7 + 0.5, 5);
      expect(smm([-2, 0, 2], 0, false)).toBeCloseTo(20 / 7 + 0.5, 5);
      const w = tf.tensor1d([-2, 0, 2]);
      const aRaw = tf.scalar(0);
      expect(take(softMinMaxTemperature(w, aRaw))).toBeCloseTo(LN2 / 2, 6);
      expect(take(softMinMaxTemperature(w, aRaw, { scaleByStd: false }))).toBeCloseTo(LN2, 6);
      return [w, aRaw];
    });
  });

  test('analytic dR/da_raw on W = [-1, 0, 1], unscaled, a_raw = 0', () => {
    // By symmetry R(a) = 2 smax(a) + e^{-a}, smax = (e^a - e^-a) / (e^a + 1 + e^-a) = N / D.
    // smax' = (C D - N^2) / D^2 with C = e^a + e^-a. At a = ln 2: N = 1.5, C = 2.5, D = 3.5:
    // smax' = (8.75 - 2.25) / 12.25 = 0.530612. dR/da = 1.061224 - 0.5 = 0.561224.
    // da/da_raw = sigmoid(0) = 0.5 -> dR/da_raw = 0.280612.
    expectNoLeak(() => {
      const w = tf.tensor1d([-1, 0, 1]);
      const aRaw = tf.scalar(0);
      const g = tf.grad((a: tf.Tensor) => softMinMaxR2(w, a, { scaleByStd: false }))(aRaw);
      expect(g.dataSync()[0]).toBeCloseTo(0.280612, 5);
      return [w, aRaw, g];
    });
  });

  test('init: softplus(softMinMaxInitRaw(t0)) = t0, default t0 = 5 (a * std = 5)', () => {
    expect(SOFT_MIN_MAX_INIT_TEMPERATURE).toBe(5);
    // log(e^5 - 1) = 4.993249...
    expect(softMinMaxInitRaw()).toBeCloseTo(Math.log(Math.exp(5) - 1), 12);
    for (const t0 of [0.1, 1, 5, 19, 30, 80]) {
      const raw = softMinMaxInitRaw(t0);
      expect(Math.log1p(Math.exp(raw))).toBeCloseTo(t0, 6);
    }
    expect(() => softMinMaxInitRaw(0)).toThrowError(/temperature/);
    expect(() => softMinMaxInitRaw(Number.POSITIVE_INFINITY)).toThrowError(/temperature/);
  });
});

describe('Soft-Min-Max R2: properties and gradients', () => {
  test('range term lies in [0, max - min], grows with t, and reaches max - min for a sharp t', () => {
    const rand = seededRandom(9);
    for (let trial = 0; trial < 10; trial++) {
      const values = Array.from(gaussianSample(32, 200 + trial), (v) => 0.05 * v + 0.02 * rand());
      const range = Math.max(...values) - Math.min(...values);
      let previous = 0;
      for (const t of [0.5, 2, 5, 20]) {
        const rangeTerm = smm(values, softMinMaxInitRaw(t), true) - Math.exp(-t);
        expect(rangeTerm).toBeGreaterThan(previous);
        expect(rangeTerm).toBeLessThanOrEqual(range * (1 + 1e-5));
        previous = rangeTerm;
      }
      expect(smm(values, softMinMaxInitRaw(200), true)).toBeCloseTo(range, 4);
    }
  });

  test('finite differences for W and a_raw, both parameterisations', () => {
    const w = tf.tensor2d([0.31, -0.52, 0.18, 0.77, -0.09, 0.44], [2, 3]);
    const aRaw = tf.variable(tf.scalar(0.7));
    expectNoLeak(() => {
      for (const scaleByStd of [true, false]) {
        const errs = gradientErrors((x, a) => softMinMaxR2(x, a!, { scaleByStd }), [w, aRaw]);
        expect(Math.max(...errs)).toBeLessThan(1e-2);
      }
    });
    tf.dispose([w, aRaw]);
  });

  test('all-zero kernel: R = e^{-t}, finite gradients', () => {
    const w = tf.zeros([3, 3, 1, 1]);
    const aRaw = tf.scalar(softMinMaxInitRaw(5));
    expectNoLeak(() => {
      expect(take(softMinMaxR2(w, aRaw))).toBeCloseTo(Math.exp(-5), 6);
      const grads = tf.grads((x: tf.Tensor, a: tf.Tensor) => softMinMaxR2(x, a))([w, aRaw]);
      grads.forEach((g) => expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true));
      return grads;
    });
    tf.dispose([w, aRaw]);
  });

  test('bad input: empty kernel, non-scalar a_raw, one weight with std scaling', () => {
    const empty = tf.tensor1d([]);
    const one = tf.tensor1d([0.3]);
    const w = tf.tensor1d([0.1, 0.2]);
    const aRaw = tf.scalar(1);
    const aPair = tf.tensor1d([1, 2]);
    expectNoLeak(() => {
      expect(() => softMinMaxR2(empty, aRaw)).toThrowError(/empty/);
      expect(() => softMinMaxR2(w, aPair)).toThrowError(/one float32 value/);
      expect(() => softMinMaxR2(one, aRaw)).toThrowError(/at least 2 weights/);
      expect(() => softMinMaxTemperature(one, aRaw)).toThrowError(/at least 2 weights/);
      // Unscaled, one weight is fine: smax = smin = w, R = e^{-t} = e^{-softplus(1)}.
      expect(take(softMinMaxR2(one, aRaw, { scaleByStd: false }))).toBeCloseTo(
        Math.exp(-Math.log1p(Math.E)),
        6,
      );
    });
    tf.dispose([empty, one, w, aRaw, aPair]);
  });
});
