// Learnable-parameter factory, projection and read-back (methods.md 1.4, 4.2, 4.3).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  clampScale,
  createLsqParams,
  createLsqPlusParams,
  disposeLearnedParams,
  readLearnedParams,
  type LearnedParamInit,
} from '../../../../src/core/lsq/params';
import { lsqPlusFakeQuant } from '../../../../src/core/lsq/lsq-plus';
import { SCALE_FLOOR } from '../../../../src/core/quant/scale-floor';
import { expectNoLeak } from './helpers';

const scalarInit = (s: number, beta = 0): LearnedParamInit => ({
  shape: [],
  s: Float32Array.of(s),
  beta: Float32Array.of(beta),
});

describe('createLsqPlusParams', () => {
  test('asymmetric configs get a trainable beta, symmetric ones none', () => {
    expectNoLeak(() => {
      const asym = createLsqPlusParams(scalarInit(0.5, -0.3), 'unsigned-asymmetric');
      const sym = createLsqPlusParams(scalarInit(0.5), 'signed-symmetric');
      expect(asym.s.trainable).toBe(true);
      expect(asym.beta?.trainable).toBe(true);
      expect(asym.beta?.dataSync()[0]).toBeCloseTo(-0.3, 6);
      expect(sym.beta).toBeNull();
      disposeLearnedParams(asym);
      disposeLearnedParams(sym);
    });
  });

  test('per-channel init keeps its keepDims shape', () => {
    expectNoLeak(() => {
      const p = createLsqParams({
        shape: [1, 2],
        s: Float32Array.of(0.1, 0.2),
        beta: new Float32Array(2),
      });
      expect(p.s.shape).toEqual([1, 2]);
      expect(p.beta).toBeNull();
      disposeLearnedParams(p);
    });
  });

  test('tf.variableGrads reaches s and beta through the quantizer', () => {
    expectNoLeak(() => {
      const p = createLsqPlusParams(scalarInit(0.5, -0.3), 'signed-asymmetric');
      const x = tf.tensor2d([[-1.2, -0.45, 0.1, 0.35, 0.9, 1.6]]);
      const { grads, value } = tf.variableGrads(
        () =>
          tf.sum(
            lsqPlusFakeQuant(x, p, { bits: 2, config: 'signed-asymmetric', role: 'activation' }),
          ) as tf.Scalar,
        [p.s, p.beta!],
      );
      expect(Object.keys(grads).sort()).toEqual([p.s.name, p.beta!.name].sort());
      // u = [-1.8, -0.3, 0.8, 1.3, 2.4, 3.8] on [-2, 1]; c = 1: ds = -0.2 + 0.3 + 0.2 + 1 + 1 + 1 = 3.3,
      // dbeta = 3 (three clipped); N = 6 features, p = 1 -> g = 1/sqrt(6)
      expect(grads[p.s.name]!.dataSync()[0]).toBeCloseTo(3.3 / Math.sqrt(6), 5);
      expect(grads[p.beta!.name]!.dataSync()[0]).toBeCloseTo(3 / Math.sqrt(6), 5);
      tf.dispose([x, value, ...Object.values(grads)]);
      disposeLearnedParams(p);
    });
  });
});

describe('keeping s > 0 (methods.md 4.3)', () => {
  test('clampScale projects s onto [float32 eps, inf) without touching larger values', () => {
    expectNoLeak(() => {
      const p = createLsqParams({
        shape: [2],
        s: Float32Array.of(0.5, 0.25),
        beta: new Float32Array(2),
      });
      tf.tidy(() => p.s.assign(tf.tensor1d([-0.5, 0.25])));
      clampScale(p);
      const s = p.s.dataSync();
      expect(s[0]).toBe(Math.fround(SCALE_FLOOR));
      expect(s[1]).toBe(0.25);
      disposeLearnedParams(p);
    });
  });

  test('the forward stays finite when an update drives s to 0 or below (floor inside the kernel)', () => {
    expectNoLeak(() =>
      tf.tidy(() => {
        for (const bad of [0, -1]) {
          const out = lsqPlusFakeQuant(
            tf.tensor1d([0.3, -0.2]),
            { s: tf.scalar(bad), beta: tf.scalar(0) },
            { bits: 4, config: 'signed-asymmetric', role: 'activation' },
          );
          // s_eff = 2^-23: u is huge -> clipped to [-8, 7] -> x_hat = [7, -8] * 2^-23
          const v = out.dataSync();
          expect(v[0]).toBeCloseTo(7 * SCALE_FLOOR, 12);
          expect(v[1]).toBeCloseTo(-8 * SCALE_FLOOR, 12);
        }
      }),
    );
  });

  test('readLearnedParams returns the values and reports NaN as a QuantError', () => {
    expectNoLeak(() => {
      const p = createLsqPlusParams(scalarInit(0.5, -0.3), 'unsigned-asymmetric');
      const read = readLearnedParams(p);
      expect(read.s[0]).toBe(0.5);
      expect(read.beta[0]).toBeCloseTo(-0.3, 6);
      tf.tidy(() => p.beta!.assign(tf.scalar(NaN)));
      expect(() => readLearnedParams(p)).toThrowError(/beta must be finite/);
      tf.tidy(() => p.s.assign(tf.scalar(Infinity)));
      expect(() => readLearnedParams(p)).toThrowError(/step size s must be finite/);
      disposeLearnedParams(p);
    });
  });
});
