// Gradient scale g = 1 / sqrt(N * Q_P) (methods.md 4.1, 4.2, 4.3).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  gradScale,
  gradScaleCount,
  lsqGradScaleFactor,
  resolveGradScale,
  type GradScaleMode,
} from '../../../../src/core/lsq/grad-scale';
import { lsqFakeQuant } from '../../../../src/core/lsq/lsq';
import { lsqPlusFakeQuant } from '../../../../src/core/lsq/lsq-plus';
import { expectNoLeak } from './helpers';

describe('gradScale op', () => {
  test('value unchanged, gradient times g', () => {
    const [value, grad] = expectNoLeak(() =>
      tf.tidy(() => {
        const t = tf.tensor1d([0.5, -2, 3]);
        const c = tf.tensor1d([1, 2, -4]);
        const f = (a: tf.Tensor) => tf.sum<tf.Scalar>(tf.mul(c, gradScale(a, 0.25)));
        // d/dt sum(c * t) = c; scaled by 0.25 -> [0.25, 0.5, -1]
        return [Array.from(gradScale(t, 0.25).dataSync()), Array.from(tf.grad(f)(t).dataSync())];
      }),
    );
    expect(value).toEqual([0.5, -2, 3]);
    expect(grad).toEqual([0.25, 0.5, -1]);
  });

  test('factor and N: weights, per-channel weights, activations (per example)', () => {
    // g = 1 / sqrt(N * Q_P): N = 5, Q_P = 1 -> 1/sqrt(5)
    expect(lsqGradScaleFactor(5, 1)).toBeCloseTo(1 / Math.sqrt(5), 12);
    // conv kernel [3, 3, 8, 16] per-tensor: N = 1152; per-channel (16 scales): N = 72
    expect(gradScaleCount([3, 3, 8, 16], 1, 'weight')).toBe(1152);
    expect(gradScaleCount([3, 3, 8, 16], 16, 'weight')).toBe(72);
    // activations [32, 14, 14, 8] per-tensor: features of one example = 14 * 14 * 8 = 1568
    expect(gradScaleCount([32, 14, 14, 8], 1, 'activation')).toBe(1568);
    // b = 4 unsigned: Q_P = 15 -> g = 1 / sqrt(1568 * 15)
    expect(resolveGradScale('lsq', [32, 14, 14, 8], 1, 'activation', 15)).toBeCloseTo(
      1 / Math.sqrt(1568 * 15),
      12,
    );
    expect(resolveGradScale('none', [4], 1, 'weight', 1)).toBe(1);
    expect(resolveGradScale(0.125, [4], 1, 'weight', 1)).toBe(0.125);
  });
});

/** Gradients of sum(c * x_hat) w.r.t. every input, for a given gradient-scale mode. */
function gradsWith(
  mode: GradScaleMode,
  build: (mode: GradScaleMode) => (...inputs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
): number[][] {
  return tf.tidy(() =>
    tf
      .grads(build(mode))(inputs)
      .map((g) => Array.from(g.dataSync())),
  );
}

describe('LSQ / LSQ+ apply g to the backward of s (and beta) only', () => {
  test('LSQ weights, per-tensor: ds(lsq) = g * ds(none), dx unchanged, value unchanged', () => {
    expectNoLeak(() => {
      const x = tf.randomNormal([4, 6], 0, 1, 'float32', 3);
      const c = tf.randomUniform([4, 6], -1, 1, 'float32', 4);
      const s = tf.scalar(0.3);
      const opts = { bits: 3, grid: 'signed-full' as const, role: 'weight' as const };
      const build =
        (gradScale: GradScaleMode) =>
        (...t: tf.Tensor[]) =>
          tf.sum<tf.Scalar>(tf.mul(c, lsqFakeQuant(t[0]!, t[1]!, { ...opts, gradScale })));
      const scaled = gradsWith('lsq', build, [x, s]);
      const plain = gradsWith('none', build, [x, s]);
      // N = 24 weights, b = 3 signed: Q_P = 3 -> g = 1 / sqrt(72)
      const g = 1 / Math.sqrt(24 * 3);
      expect(scaled[1]![0]).toBeCloseTo(g * plain[1]![0]!, 5);
      expect(plain[1]![0]).not.toBeCloseTo(0, 3);
      expect(scaled[0]).toEqual(plain[0]);
      const values = tf.tidy(() =>
        (['lsq', 'none'] as const).map((gradScale) =>
          Array.from(lsqFakeQuant(x, s, { ...opts, gradScale }).dataSync()),
        ),
      );
      expect(values[0]).toEqual(values[1]);
      tf.dispose([x, c, s]);
    });
  });

  test('LSQ per-channel dense kernel: N = elements per channel', () => {
    expectNoLeak(() => {
      const w = tf.randomNormal([5, 3], 0, 1, 'float32', 8);
      const c = tf.randomUniform([5, 3], -1, 1, 'float32', 9);
      const s = tf.tensor2d([[0.2, 0.4, 0.6]]);
      const build =
        (gradScale: GradScaleMode) =>
        (...t: tf.Tensor[]) =>
          tf.sum<tf.Scalar>(
            tf.mul(
              c,
              lsqFakeQuant(t[0]!, t[1]!, {
                bits: 2,
                grid: 'signed-full',
                role: 'weight',
                gradScale,
              }),
            ),
          );
      const scaled = gradsWith('lsq', build, [w, s])[1]!;
      const plain = gradsWith('none', build, [w, s])[1]!;
      // N = 5 per channel, b = 2 signed: Q_P = 1 -> g = 1 / sqrt(5)
      plain.forEach((v, i) => expect(scaled[i]).toBeCloseTo(v / Math.sqrt(5), 5));
      tf.dispose([w, c, s]);
    });
  });

  test('LSQ+ activations: the same g on s and beta, N per example', () => {
    expectNoLeak(() => {
      const x = tf.randomNormal([8, 10], 0.2, 1, 'float32', 21);
      const c = tf.randomUniform([8, 10], -1, 1, 'float32', 22);
      const s = tf.scalar(0.25);
      const beta = tf.scalar(-0.4);
      const build =
        (gradScale: GradScaleMode) =>
        (...t: tf.Tensor[]) =>
          tf.sum<tf.Scalar>(
            tf.mul(
              c,
              lsqPlusFakeQuant(
                t[0]!,
                { s: t[1]!, beta: t[2]! },
                { bits: 3, config: 'unsigned-asymmetric', role: 'activation', gradScale },
              ),
            ),
          );
      const scaled = gradsWith('lsq', build, [x, s, beta]);
      const plain = gradsWith('none', build, [x, s, beta]);
      // N = 10 features per example (batch 8 divided out), b = 3 unsigned: p = 7 -> g = 1 / sqrt(70)
      const g = 1 / Math.sqrt(10 * 7);
      expect(scaled[1]![0]).toBeCloseTo(g * plain[1]![0]!, 5);
      expect(scaled[2]![0]).toBeCloseTo(g * plain[2]![0]!, 5);
      expect(plain[2]![0]).not.toBeCloseTo(0, 3);
      expect(scaled[0]).toEqual(plain[0]);
      tf.dispose([x, c, s, beta]);
    });
  });
});
