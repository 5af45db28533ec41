import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { marginInit, marginR2 } from '../../../../src/core/regularizers/r2-margin';
import { gradientErrors } from '../../../helpers/gradcheck';
import { expectNoLeak, take } from '../stats/test-utils';

const W = [0.1, -0.6, 0.9, -0.2];

/** Value and gradients of marginR2 at (W, M), disposed. */
function evaluate(m: number, hingePower?: number) {
  const w = tf.tensor1d(W);
  const margin = tf.scalar(m);
  const f = (x: tf.Tensor, y: tf.Tensor) => marginR2(x, y, { hingePower });
  const value = take(f(w, margin));
  const [gw, gm] = tf.grads(f)([w, margin]);
  const out = { value, dw: Array.from(gw!.dataSync()), dm: gm!.dataSync()[0]! };
  tf.dispose([w, margin, gw!, gm!]);
  return out;
}

describe('Margin R2: hand-computed values and the analytic gradients of methods.md 2.1', () => {
  test('q = 2 (default), M = 0.4', () => {
    // |w| - M = [-0.3, 0.2, 0.5, -0.2] -> relu = [0, 0.2, 0.5, 0].
    // R = 0.2^2 + 0.5^2 + M^2 = 0.04 + 0.25 + 0.16 = 0.45.
    // dR/dw_i = 2 relu(|w_i| - M) sign(w_i) = [0, 2 * 0.2 * -1, 2 * 0.5 * 1, 0] = [0, -0.4, 1.0, 0].
    // dR/dM = -2 sum relu + 2M = -2 * 0.7 + 0.8 = -0.6.
    expectNoLeak(() => {
      const r = evaluate(0.4);
      expect(r.value).toBeCloseTo(0.45, 6);
      r.dw.forEach((g, i) => expect(g).toBeCloseTo([0, -0.4, 1.0, 0][i]!, 5));
      expect(r.dm).toBeCloseTo(-0.6, 5);
    });
  });

  test('stationary margin: M = sum_i relu(|w_i| - M) gives dR/dM = 0', () => {
    // M = 0.5: relu = [0, 0.1, 0.4, 0], sum = 0.5 = M -> dR/dM = -2 * 0.5 + 2 * 0.5 = 0.
    // R = 0.01 + 0.16 + 0.25 = 0.42.
    expectNoLeak(() => {
      const r = evaluate(0.5);
      expect(r.value).toBeCloseTo(0.42, 6);
      expect(r.dm).toBeCloseTo(0, 5);
    });
  });

  test('hinge power q = 1 and q = 3', () => {
    // q = 1: R = 0.2 + 0.5 + 0.16 = 0.86; dR/dw = [0, -1, 1, 0]; dR/dM = -1 * 2 (two active) + 0.8 = -1.2.
    // q = 3: R = 0.008 + 0.125 + 0.16 = 0.293; dR/dw = 3 relu^2 sign = [0, -0.12, 0.75, 0];
    //        dR/dM = -3 (0.04 + 0.25) + 0.8 = -0.07.
    expectNoLeak(() => {
      const q1 = evaluate(0.4, 1);
      expect(q1.value).toBeCloseTo(0.86, 6);
      q1.dw.forEach((g, i) => expect(g).toBeCloseTo([0, -1, 1, 0][i]!, 5));
      expect(q1.dm).toBeCloseTo(-1.2, 5);
      const q3 = evaluate(0.4, 3);
      expect(q3.value).toBeCloseTo(0.293, 6);
      q3.dw.forEach((g, i) => expect(g).toBeCloseTo([0, -0.12, 0.75, 0][i]!, 5));
      expect(q3.dm).toBeCloseTo(-0.07, 5);
    });
  });

  test('a negative M acts through |M| in the hinge and M^2', () => {
    // Same hinge as M = 0.4, R = 0.45; dR/dM = -2 * 0.7 * sign(-0.4) + 2 * (-0.4) = 1.4 - 0.8 = 0.6.
    expectNoLeak(() => {
      const r = evaluate(-0.4);
      expect(r.value).toBeCloseTo(0.45, 6);
      expect(r.dm).toBeCloseTo(0.6, 5);
    });
  });
});

describe('Margin R2: gradient checks, init and bad input', () => {
  test('finite differences for W and M (q = 2 and q = 3), away from the hinge kinks', () => {
    const w = tf.tensor2d([0.1, -0.6, 0.9, -0.2, 0.75, -0.05], [3, 2]);
    const m = tf.variable(tf.scalar(0.45));
    expectNoLeak(() => {
      for (const hingePower of [2, 3]) {
        const errs = gradientErrors((x, y) => marginR2(x, y!, { hingePower }), [w, m]);
        expect(Math.max(...errs)).toBeLessThan(1e-2);
      }
    });
    tf.dispose([w, m]);
  });

  test('init M = max|W|: the hinge is 0 and the loss starts at M^2', () => {
    // max|W| = 0.9 -> R = 0 + 0.81.
    const w = tf.tensor1d(W);
    expectNoLeak(() => {
      const m = marginInit(w);
      expect(m.dataSync()[0]).toBeCloseTo(0.9, 6);
      expect(take(marginR2(w, m))).toBeCloseTo(0.81, 6);
      return m;
    });
    w.dispose();
  });

  test('all-zero kernel with its init M = 0: loss 0, finite zero gradients', () => {
    const w = tf.zeros([2, 2, 1, 3]);
    expectNoLeak(() => {
      const m = marginInit(w);
      expect(take(marginR2(w, m))).toBe(0);
      const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => marginR2(x, y))([w, m]);
      grads.forEach((g) => expect(Array.from(g.dataSync()).every((v) => v === 0)).toBe(true));
      return [m, ...grads];
    });
    w.dispose();
  });

  test('bad input: empty kernel, non-scalar margin, hinge power < 1', () => {
    const w = tf.tensor1d(W);
    const empty = tf.tensor1d([]);
    const m = tf.scalar(0.4);
    const m2 = tf.tensor1d([0.4, 0.5]);
    expectNoLeak(() => {
      expect(() => marginR2(empty, m)).toThrowError(/empty/);
      expect(() => marginInit(empty)).toThrowError(/empty/);
      expect(() => marginR2(w, m2)).toThrowError(/one float32 value/);
      expect(() => marginR2(w, m, { hingePower: 0.5 })).toThrowError(/hinge power/);
      expect(() => marginR2(w, m, { hingePower: Number.NaN })).toThrowError(/hinge power/);
    });
    tf.dispose([w, empty, m, m2]);
  });
});
