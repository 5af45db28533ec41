// Straight-through gradients of LSQ (methods.md 4.1) and LSQ+ (methods.md 4.2, 4.4).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { lsqFakeQuant, lsqGrid } from '../../../../src/core/lsq/lsq';
import { lsqPlusFakeQuant, type LsqPlusConfig } from '../../../../src/core/lsq/lsq-plus';
import { LSQ_PLUS_CONFIGS } from '../../../../src/core/lsq/lsq-plus';
import {
  expectNoLeak,
  safePositions,
  seededRandom,
  steGradientErrors,
  steSurrogate,
} from './helpers';

/** Gradients of sum(c * x_hat) w.r.t. (x, s[, beta]) of the public LSQ+ op, unscaled (g = 1). */
function plusGrads(
  x: number[],
  c: number[],
  s: number,
  beta: number | null,
  config: LsqPlusConfig,
) {
  return expectNoLeak(() =>
    tf.tidy(() => {
      const ct = tf.tensor1d(c);
      const loss = (...[xi, si, bi]: tf.Tensor[]) =>
        tf.sum<tf.Scalar>(
          tf.mul(
            ct,
            lsqPlusFakeQuant(
              xi!,
              { s: si!, beta: bi ?? null },
              { bits: 2, config, role: 'activation', gradScale: 'none' },
            ),
          ),
        );
      const inputs = [tf.tensor1d(x), tf.scalar(s), ...(beta === null ? [] : [tf.scalar(beta)])];
      return tf
        .grads(loss)(inputs)
        .map((g) => Array.from(g.dataSync()));
    }),
  );
}

describe('hand-computed STE gradients', () => {
  test('LSQ, b = 2 signed [-2, 1], s = 0.5', () => {
    // v/s = [-2.6, -1.2, 0.2, 0.7, 1.8]; inside -2 < v/s < 1: [no, yes, yes, yes, no]; c = [1, 2, -1, 0.5, 3]
    // dv = c * inside = [0, 2, -1, 0.5, 0]
    // ds terms: [-Q_N = -2, round(-1.2) + 1.2 = 0.2, 0 - 0.2 = -0.2, 1 - 0.7 = 0.3, Q_P = 1]
    // ds = 1 * -2 + 2 * 0.2 + -1 * -0.2 + 0.5 * 0.3 + 3 * 1 = -2 + 0.4 + 0.2 + 0.15 + 3 = 1.75
    const [dv, ds] = plusGrads(
      [-1.3, -0.6, 0.1, 0.35, 0.9],
      [1, 2, -1, 0.5, 3],
      0.5,
      null,
      'signed-symmetric',
    );
    [0, 2, -1, 0.5, 0].forEach((e, i) => expect(dv![i]).toBeCloseTo(e, 6));
    expect(ds![0]).toBeCloseTo(1.75, 5);
  });

  test('LSQ+ config 4, b = 2 signed [-2, 1], s = 0.5, beta = -0.3', () => {
    // u = (x + 0.3) / 0.5 = [-1.8, -0.3, 0.8, 1.3, 2.4, 3.8]; inside -2 < u < 1: [y, y, y, n, n, n]
    // c = [1, -2, 0.5, 1.5, -1, 2]; dx = [1, -2, 0.5, 0, 0, 0]
    // ds terms: [-2 + 1.8 = -0.2, 0 + 0.3 = 0.3, 1 - 0.8 = 0.2, p = 1, 1, 1]
    // ds = -0.2 - 0.6 + 0.1 + 1.5 - 1 + 2 = 1.8
    // dbeta = sum of c outside = 1.5 - 1 + 2 = 2.5
    const x = [-1.2, -0.45, 0.1, 0.35, 0.9, 1.6];
    const [dx, ds, dbeta] = plusGrads(x, [1, -2, 0.5, 1.5, -1, 2], 0.5, -0.3, 'signed-asymmetric');
    [1, -2, 0.5, 0, 0, 0].forEach((e, i) => expect(dx![i]).toBeCloseTo(e, 6));
    expect(ds![0]).toBeCloseTo(1.8, 5);
    expect(dbeta![0]).toBeCloseTo(2.5, 5);
  });

  test('LSQ+ config 3, b = 2 unsigned [0, 3], s = 0.5, beta = -0.3', () => {
    // same u = [-1.8, -0.3, 0.8, 1.3, 2.4, 3.8]; inside 0 < u < 3: [n, n, y, y, y, n]
    // dx = [0, 0, 0.5, 1.5, -1, 0]
    // ds terms: [n = 0, n = 0, 1 - 0.8 = 0.2, 1 - 1.3 = -0.3, 2 - 2.4 = -0.4, p = 3]
    // ds = 0 + 0 + 0.1 - 0.45 + 0.4 + 6 = 6.05; dbeta = 1 - 2 + 2 = 1
    const x = [-1.2, -0.45, 0.1, 0.35, 0.9, 1.6];
    const [dx, ds, dbeta] = plusGrads(
      x,
      [1, -2, 0.5, 1.5, -1, 2],
      0.5,
      -0.3,
      'unsigned-asymmetric',
    );
    [0, 0, 0.5, 1.5, -1, 0].forEach((e, i) => expect(dx![i]).toBeCloseTo(e, 6));
    expect(ds![0]).toBeCloseTo(6.05, 5);
    expect(dbeta![0]).toBeCloseTo(1, 5);
  });

  test('s-gradient at and beyond the clip edges is -Q_N and Q_P; dx is 0 there', () => {
    // signed b = 2, s = 0.5: x = [-1, 0.5] puts v/s exactly on -Q_N = -2 and Q_P = 1,
    // x = [-3, 5] far beyond (v/s = -6, 10). ds terms: [-2, 1, -2, 1]; with c = 1 each, ds = -2.
    // Edges count as clipped (strict interior): dx = 0 on all four.
    const [dv, ds] = plusGrads([-1, 0.5, -3, 5], [1, 1, 1, 1], 0.5, null, 'signed-symmetric');
    expect(dv).toEqual([0, 0, 0, 0]);
    expect(ds![0]).toBeCloseTo(-2, 6);
    // one element at a time, so each edge value is seen on its own
    expect(plusGrads([-1], [1], 0.5, null, 'signed-symmetric')[1]![0]).toBeCloseTo(-2, 6);
    expect(plusGrads([0.5], [1], 0.5, null, 'signed-symmetric')[1]![0]).toBeCloseTo(1, 6);
    // unsigned b = 2: Q_N = 0, Q_P = 3: x = [-0.4, 1.5, 2] -> u = [-0.8, 3, 4] -> ds terms [0, 3, 3]
    expect(plusGrads([-0.4], [1], 0.5, null, 'unsigned-symmetric')[1]![0]).toBeCloseTo(0, 6);
    expect(plusGrads([1.5, 2], [1, 1], 0.5, null, 'unsigned-symmetric')[1]![0]).toBeCloseTo(6, 6);
  });

  test('dbeta at the edges: 1 where clipped, so dx + dbeta = 1 everywhere', () => {
    // signed b = 2, s = 0.5, beta = 0.25: x = [-0.75, 0.75, 0.4] -> u = [-2, 1, 0.3]
    // edges u = n and u = p are clipped: dx = [0, 0, 1], dbeta terms [1, 1, 0] -> dbeta = 2
    const [dx, , dbeta] = plusGrads([-0.75, 0.75, 0.4], [1, 1, 1], 0.5, 0.25, 'signed-asymmetric');
    expect(dx).toEqual([0, 0, 1]);
    expect(dbeta![0]).toBeCloseTo(2, 6);
  });
});

describe('finite-difference checks against the STE surrogate', () => {
  const configs = Object.keys(LSQ_PLUS_CONFIGS) as LsqPlusConfig[];

  test.each(configs)('LSQ+ %s: x, s and beta at b = 2, 3 (per-tensor)', (config) => {
    const rand = seededRandom(11);
    const { grid: mode, learnBeta } = LSQ_PLUS_CONFIGS[config];
    expectNoLeak(() => {
      for (const bits of [2, 3]) {
        const grid = lsqGrid(bits, mode);
        const s = 0.4;
        const beta = learnBeta ? -0.35 : 0;
        const u = safePositions(rand, 12, grid);
        const x = tf.tensor1d(u.map((v) => v * s + beta));
        const c = tf.tensor1d(u.map(() => rand() * 4 - 2));
        const st = tf.scalar(s);
        const bt = learnBeta ? tf.scalar(beta) : null;
        const surrogate = steSurrogate(x, st, bt, grid);
        const opts = { bits, config, role: 'activation' as const, gradScale: 'none' as const };
        const real = (...[xi, si, bi]: tf.Tensor[]) =>
          tf.sum<tf.Scalar>(tf.mul(c, lsqPlusFakeQuant(xi!, { s: si!, beta: bi ?? null }, opts)));
        const sur = (...[xi, si, bi]: tf.Tensor[]) =>
          tf.sum<tf.Scalar>(tf.mul(c, surrogate.apply(xi!, si!, bi ?? null)));
        const inputs = bt === null ? [x, st] : [x, st, bt];
        const errors = steGradientErrors(real, sur, inputs);
        expect(errors).toHaveLength(inputs.length);
        errors.forEach((e) => expect(e).toBeLessThan(1e-2));
        surrogate.dispose();
        tf.dispose(bt === null ? [x, c, st] : [x, c, st, bt]);
      }
    });
  });

  test('LSQ per-channel s on a dense kernel [3, 4]: x and each channel of s', () => {
    const rand = seededRandom(5);
    const grid = lsqGrid(3, 'signed-full');
    expectNoLeak(() => {
      const scales = [0.05, 0.5, 1, 3];
      const u = safePositions(rand, 12, grid);
      const w = tf.tensor2d(
        u.map((v, i) => v * scales[i % 4]!),
        [3, 4],
      );
      const s = tf.tensor2d([scales], [1, 4]);
      const c = tf.tensor2d(
        u.map(() => rand() * 2 - 1),
        [3, 4],
      );
      const surrogate = steSurrogate(w, s, null, grid);
      const opts = { bits: 3, grid: 'signed-full' as const, role: 'weight' as const };
      const real = (wi: tf.Tensor, si: tf.Tensor) =>
        tf.sum<tf.Scalar>(tf.mul(c, lsqFakeQuant(wi, si, { ...opts, gradScale: 'none' })));
      const sur = (wi: tf.Tensor, si: tf.Tensor) =>
        tf.sum<tf.Scalar>(tf.mul(c, surrogate.apply(wi, si, null)));
      const errors = steGradientErrors(
        (...t) => real(t[0]!, t[1]!),
        (...t) => sur(t[0]!, t[1]!),
        [w, s],
      );
      errors.forEach((e) => expect(e).toBeLessThan(1e-2));
      surrogate.dispose();
      tf.dispose([w, s, c]);
    });
  });

  test('the check is not vacuous: a wrong s-gradient is caught', () => {
    // The true derivative of x_hat itself (round held fixed) gives ds = round(u), not round(u) - u.
    const grid = lsqGrid(2, 'signed-full');
    expectNoLeak(() => {
      const x = tf.tensor1d([-0.3, 0.1, 0.2]);
      const s = tf.scalar(0.5);
      const surrogate = steSurrogate(x, s, null, grid);
      const noSte = (...[xi, si]: tf.Tensor[]) =>
        tf.sum<tf.Scalar>(tf.mul(si!, tf.clipByValue(tf.round(tf.div(xi!, si!)), -2, 1)));
      const sur = (...[xi, si]: tf.Tensor[]) => tf.sum<tf.Scalar>(surrogate.apply(xi!, si!, null));
      const errors = steGradientErrors(noSte, sur, [x, s]);
      expect(Math.max(...errors)).toBeGreaterThan(0.1);
      surrogate.dispose();
      tf.dispose([x, s]);
    });
  });
});
