import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  LINF_R2_FORMULA,
  MARGIN_R2_FORMULA,
  R2_FORMULAS,
  R2_TOTAL_FORMULA,
  SOFT_MIN_MAX_R2_FORMULA,
} from '../../../../src/core/regularizers/r2-formulas';
import {
  R2_DEFAULTS,
  R2_LAMBDA_SWEEP,
  r2LayerTerm,
  r2Total,
  type R2LayerSpec,
} from '../../../../src/core/regularizers/r2-loss';
import { linearRamp, r2RampFactor } from '../../../../src/core/regularizers/r2-schedule';
import { gradientErrors } from '../../../helpers/gradcheck';
import { expectNoLeak, take } from '../stats/test-utils';

/** The R2 loss as the engine builds it: one r2LayerTerm per kernel, summed by r2Total. */
function r2Loss(
  kernels: readonly tf.Tensor[],
  specs: readonly R2LayerSpec[],
  lambda: number,
  rampFactor?: number,
): tf.Scalar {
  return tf.tidy(() =>
    r2Total(
      kernels.map((w, l) => r2LayerTerm(w, specs[l]!)),
      lambda,
      rampFactor,
    ),
  );
}

describe('R2 total: (lambda * ramp / L) * sum_l R(W_l) (methods.md 2.3, 2.4)', () => {
  test('hand-computed normalisation', () => {
    // terms 0.7 (L-inf) and 0.45 (Margin); lambda = 0.1, ramp = 0.5, L = 2:
    // 0.1 * 0.5 / 2 * (0.7 + 0.45) = 0.025 * 1.15 = 0.02875.
    const terms = [tf.scalar(0.7), tf.scalar(0.45)];
    expectNoLeak(() => {
      expect(take(r2Total(terms, 0.1, 0.5))).toBeCloseTo(0.02875, 7);
      expect(take(r2Total(terms, 0.1))).toBeCloseTo(0.0575, 7);
    });
    tf.dispose(terms);
  });

  test('r2Loss over three layers, one per variant, equals the sum of the hand values', () => {
    // A: L-inf of [0.3, -0.7, 0.5, -0.1] = 0.7. B: Margin of [0.1, -0.6, 0.9, -0.2], M = 0.4 = 0.45.
    // C: Soft-Min-Max of [-1, 0, 1], a_raw = 0, unscaled = 6/7 + 1/2.
    // lambda = 0.3, ramp = 1, L = 3: 0.1 * (0.7 + 0.45 + 6/7 + 0.5) = 0.250714...
    const a = tf.tensor1d([0.3, -0.7, 0.5, -0.1]);
    const b = tf.tensor1d([0.1, -0.6, 0.9, -0.2]);
    const c = tf.tensor1d([-1, 0, 1]);
    const m = tf.variable(tf.scalar(0.4));
    const aRaw = tf.variable(tf.scalar(0));
    const specs: R2LayerSpec[] = [
      { variant: 'linf' },
      { variant: 'margin', margin: m },
      { variant: 'soft-min-max', aRaw, scaleByStd: false },
    ];
    expectNoLeak(() => {
      expect(take(r2Loss([a, b, c], specs, 0.3))).toBeCloseTo(0.1 * (0.7 + 0.45 + 6 / 7 + 0.5), 5);
      expect(take(r2LayerTerm(b, { variant: 'margin', margin: m, hingePower: 1 }))).toBeCloseTo(
        0.86,
        5,
      );
    });
    tf.dispose([a, b, c, m, aRaw]);
  });

  test('finite differences through r2Loss for every W, M and a_raw', () => {
    const a = tf.tensor1d([0.3, -0.7, 0.5, -0.1]);
    const b = tf.tensor2d([0.1, -0.6, 0.9, -0.2], [2, 2]);
    const c = tf.tensor1d([0.25, -0.4, 0.6, 0.1]);
    const m = tf.scalar(0.45);
    const aRaw = tf.scalar(1.3);
    expectNoLeak(() => {
      const f = (...x: tf.Tensor[]) =>
        r2Loss(
          [x[0]!, x[1]!, x[2]!],
          [
            { variant: 'linf' },
            { variant: 'margin', margin: x[3]! },
            { variant: 'soft-min-max', aRaw: x[4]! },
          ],
          0.5,
          0.8,
        );
      expect(Math.max(...gradientErrors(f, [a, b, c, m, aRaw]))).toBeLessThan(1e-2);
    });
    tf.dispose([a, b, c, m, aRaw]);
  });

  test('bad input', () => {
    const w = tf.tensor1d([0.1, 0.2]);
    const t = tf.scalar(1);
    expectNoLeak(() => {
      expect(() => r2Total([], 0.1)).toThrowError(/at least one regularised layer/);
      expect(() => r2Total([t], -0.1)).toThrowError(/lambda/);
      expect(() => r2Total([t], Number.POSITIVE_INFINITY)).toThrowError(/lambda/);
      expect(() => r2Total([t], 0.1, 1.5)).toThrowError(/ramp factor/);
    });
    tf.dispose([w, t]);
  });
});

describe('R2 ramp schedule ([LAB] methods.md 2.2)', () => {
  test('linear 0 -> 1 over the first 5 % of steps, then 1', () => {
    // 1000 steps: ramp over 50 steps. step 0 -> 0, 10 -> 0.2, 25 -> 0.5, 50 -> 1, 900 -> 1.
    expect(r2RampFactor(0, 1000)).toBe(0);
    expect(r2RampFactor(10, 1000)).toBeCloseTo(0.2, 12);
    expect(r2RampFactor(25, 1000)).toBeCloseTo(0.5, 12);
    expect(r2RampFactor(50, 1000)).toBe(1);
    expect(r2RampFactor(900, 1000)).toBe(1);
    // 10 % over 200 steps: 20-step ramp, step 5 -> 0.25.
    expect(r2RampFactor(5, 200, 0.1)).toBeCloseTo(0.25, 12);
  });

  test('no ramp when its length is 0', () => {
    expect(r2RampFactor(0, 1000, 0)).toBe(1);
    expect(r2RampFactor(0, 0)).toBe(1);
    expect(linearRamp(3, 0)).toBe(1);
  });

  test('bad input', () => {
    expect(() => r2RampFactor(-1, 100)).toThrowError(/step/);
    expect(() => r2RampFactor(Number.NaN, 100)).toThrowError(/step/);
    expect(() => r2RampFactor(1, Number.POSITIVE_INFINITY)).toThrowError(/totalSteps/);
    expect(() => r2RampFactor(1, 100, 1.5)).toThrowError(/fraction/);
    expect(() => linearRamp(1, -5)).toThrowError(/ramp length/);
  });
});

describe('R2 defaults and displayed formulas', () => {
  test('[LAB] defaults of methods.md 2.2-2.3', () => {
    expect(R2_DEFAULTS.hingePower).toBe(2);
    expect(R2_DEFAULTS.initTemperature).toBe(5);
    expect(R2_DEFAULTS.rampFraction).toBe(0.05);
    expect(R2_DEFAULTS.scaleByStd).toBe(true);
    expect(R2_LAMBDA_SWEEP.margin).toEqual([1e-3, 1e-2, 1e-1, 1]);
    expect(R2_LAMBDA_SWEEP.linf).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    for (const variant of ['linf', 'margin', 'soft-min-max'] as const) {
      expect(R2_LAMBDA_SWEEP[variant]).toContain(R2_DEFAULTS.lambda[variant]);
    }
  });

  test('the strings name exactly what is implemented, and mark the reconstructions', () => {
    expect(LINF_R2_FORMULA).toBe('R_inf(W) = max_i |w_i|');
    expect(MARGIN_R2_FORMULA).toContain('sum_i relu(|w_i| - |M|)^q + M^2, q = 2');
    expect(MARGIN_R2_FORMULA).toContain('M init = max_i |w_i|');
    expect(SOFT_MIN_MAX_R2_FORMULA).toContain('+ e^(-t), t = softplus(a_raw), a = t / (std(W)');
    expect(SOFT_MIN_MAX_R2_FORMULA).toContain('t init = 5');
    expect(R2_TOTAL_FORMULA).toContain('(lambda * ramp(step) / L)');
    expect(R2_FORMULAS.margin!.sources).toContain('R2-recall');
    expect(R2_FORMULAS['soft-min-max']!.sources).toContain('R2-recall');
    expect(R2_FORMULAS.linf!.sources).not.toContain('R2-recall');
    for (const doc of Object.values(R2_FORMULAS)) {
      expect(doc.latex.length).toBeGreaterThan(10);
      expect(doc.provenance.length).toBeGreaterThan(10);
    }
  });
});
