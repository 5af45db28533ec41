import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  KURE_DEFAULTS,
  KURE_FORMULA,
  kureTerms,
  type KureOptions,
} from '../../../../src/core/regularizers/kure';
import { kurtosis } from '../../../../src/core/stats/kurtosis';
import { gradientErrors } from '../../../helpers/gradcheck';
import { expectNoLeak, gaussianSample, seededRandom, take } from '../stats/test-utils';

/** KURE's loss as the engine adds it: kureTerms' loss, its kurtosis tensors freed. */
function kureLoss(kernels: readonly tf.Tensor[], options?: KureOptions): tf.Scalar {
  return tf.tidy(() => kureTerms(kernels, options).loss);
}

describe('KURE loss (methods.md 3.1)', () => {
  test('defaults: lambda = 1.0, K_T = 1.8', () => {
    expect(KURE_DEFAULTS).toEqual({ lambda: 1, target: 1.8 });
    expect(KURE_FORMULA).toContain('K_T = 1.8');
  });

  test('two layers, hand-computed', () => {
    // K_A = Kurt[-3, -1, 1, 3] = 0.9225, K_B = Kurt[0, 0, 0, 0, 4] = 2.08 (see kurtosis.test.ts).
    // Defaults: ((0.9225 - 1.8)^2 + (2.08 - 1.8)^2) / 2 = (0.77000625 + 0.0784) / 2 = 0.424203125.
    // lambda = 0.5, K_T = 2: 0.5 * ((-1.0775)^2 + 0.08^2) / 2 = 0.5 * (1.16100625 + 0.0064) / 2
    //   = 0.2918515625.
    const a = tf.tensor1d([-3, -1, 1, 3]);
    const b = tf.tensor1d([0, 0, 0, 0, 4]);
    expectNoLeak(() => {
      const terms = kureTerms([a, b]);
      expect(terms.loss.dataSync()[0]).toBeCloseTo(0.424203125, 5);
      expect(terms.kurtosis.map((k) => k.dataSync()[0])).toEqual([
        expect.closeTo(0.9225, 5),
        expect.closeTo(2.08, 5),
      ]);
      expect(take(kureLoss([a, b], { lambda: 0.5, target: 2 }))).toBeCloseTo(0.2918515625, 5);
      expect(take(kureLoss([a, b], { lambda: 0 }))).toBe(0);
      return terms;
    });
    tf.dispose([a, b]);
  });

  test('finite-difference gradient check over two kernels', () => {
    const a = tf.tensor2d([0.4, -1.2, 0.7, 2.1, -0.3, 0.05], [3, 2]);
    const b = tf.tensor1d([0.9, -0.6, 0.2, -1.4, 0.35]);
    expectNoLeak(() => {
      const errs = gradientErrors((x, y) => kureLoss([x!, y!]), [a, b]);
      expect(Math.max(...errs)).toBeLessThan(2e-2);
    });
    tf.dispose([a, b]);
  });

  test('bad input: no layers, negative or non-finite lambda, one-element kernel', () => {
    const one = tf.tensor1d([1]);
    const ok = tf.tensor1d([1, 2, 3]);
    expectNoLeak(() => {
      expect(() => kureTerms([])).toThrowError(/at least one regularised layer/);
      expect(() => kureTerms([ok], { lambda: -1 })).toThrowError(/lambda/);
      expect(() => kureTerms([ok], { lambda: Number.NaN })).toThrowError(/lambda/);
      expect(() => kureTerms([ok, one])).toThrowError(/at least 2 elements/);
    });
    tf.dispose([one, ok]);
  });
});

/** Plain gradient descent on KURE alone; returns the kurtosis after each step. */
function descend(values: Float32Array, steps: number, lr: number): number[] {
  const init = tf.tensor1d(values);
  const w = tf.variable(init);
  init.dispose();
  const history: number[] = [];
  for (let i = 0; i <= steps; i++) {
    history.push(take(kurtosis(w)));
    tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => kureLoss([x]))(w);
      w.assign(tf.sub(w, tf.mul(g, lr)));
    });
  }
  w.dispose();
  return history;
}

describe('KURE moves kurtosis toward K_T = 1.8', () => {
  test('a Gaussian sample (K ~ 3) goes down toward 1.8', () => {
    expectNoLeak(() => {
      const k = descend(gaussianSample(256, 3), 15, 2);
      expect(k[0]).toBeGreaterThan(2.5);
      for (let i = 1; i < k.length; i++) expect(k[i]!).toBeLessThan(k[i - 1]!);
      expect(k.at(-1)!).toBeGreaterThan(1.8 - 0.05);
      expect(Math.abs(k.at(-1)! - 1.8)).toBeLessThan(Math.abs(k[0]! - 1.8) / 2);
    });
  });

  test('a sample pushed to its edges (K < 1.8) goes up toward 1.8', () => {
    // sign(u) sqrt(|u|) with u uniform on [-1, 1]: density 2|w| on [-1, 1], kurtosis ~1.33.
    const rand = seededRandom(5);
    const edgy = Float32Array.from({ length: 256 }, () => {
      const u = 2 * rand() - 1;
      return Math.sign(u) * Math.sqrt(Math.abs(u));
    });
    expectNoLeak(() => {
      const k = descend(edgy, 15, 4);
      expect(k[0]).toBeLessThan(1.4);
      for (let i = 1; i < k.length; i++) expect(k[i]!).toBeGreaterThan(k[i - 1]! - 1e-4);
      expect(k.at(-1)!).toBeCloseTo(1.8, 2);
    });
  });

  test('optimizer.minimize with kept per-layer kurtosis (the engine pattern) leaks nothing', () => {
    const init = tf.tensor1d(gaussianSample(64, 3));
    const w = tf.variable(init);
    const opt = tf.train.sgd(0.5);
    const before = tf.memory().numTensors;
    let kept: tf.Scalar[] = [];
    const loss = opt.minimize(() => {
      const terms = kureTerms([w]);
      kept = terms.kurtosis.map((k) => tf.keep(k));
      return terms.loss;
    }, true);
    expect(kept[0]!.dataSync()[0]).toBeGreaterThan(2);
    tf.dispose([loss!, ...kept]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, init]);
    opt.dispose();
  });
});
