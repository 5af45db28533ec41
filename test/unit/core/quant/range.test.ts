// Range setting: min-max and MSE search (methods.md 1.3), scale floor and bad input.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { calibrate, calibrateOnDevice } from '../../../../src/core/quant/calibrate';
import { disposeParams, type QuantizerConfig } from '../../../../src/core/quant/params';
import { SCALE_FLOOR } from '../../../../src/core/quant/scale-floor';
import { expectClose, expectNoLeak, ptqFakeQuantize, scoped, sse } from './helpers';

function params(values: number[], config: QuantizerConfig, shape?: number[]) {
  return expectNoLeak(() =>
    scoped(() => {
      const p = calibrateOnDevice(tf.tensor(values, shape), config);
      const out = { scale: p.scale.dataSync(), zeroPoint: p.zeroPoint.dataSync(), grid: p.grid };
      disposeParams(p);
      return out;
    }),
  );
}

function fq(values: number[], config: QuantizerConfig, shape?: number[]): Float32Array {
  return expectNoLeak(() =>
    tf.tidy(() => ptqFakeQuantize(tf.tensor(values, shape), config).dataSync() as Float32Array),
  );
}

const symMse: QuantizerConfig = {
  bits: 2,
  scheme: 'symmetric',
  granularity: 'per-tensor',
  range: 'mse',
};

describe('symmetric MSE search, t_k = (k / K) max|x|', () => {
  // x = [0.6, 0.6, -0.6, 1.0], b = 2, signed full [-2, 1] so s = t / 1 = t
  const x = [0.6, 0.6, -0.6, 1.0];

  test('K = 4 candidates, hand-computed: picks t = 0.75 over min-max t = 1', () => {
    // t = 0.25: x/s = [2.4, 2.4, -2.4, 4] -> [1, 1, -2, 1]: x_hat = [.25, .25, -.5, .25]
    //           err = 0.35^2 * 2 + 0.1^2 + 0.75^2 = 0.245 + 0.01 + 0.5625 = 0.8175
    // t = 0.5 : x/s = [1.2, 1.2, -1.2, 2] -> [1, 1, -1, 1]: err = 3 * 0.1^2 + 0.5^2 = 0.28
    // t = 0.75: x/s = [0.8, 0.8, -0.8, 1.33] -> [1, 1, -1, 1]: err = 3 * 0.15^2 + 0.25^2 = 0.13
    // t = 1   : x/s = [0.6, 0.6, -0.6, 1] -> [1, 1, -1, 1]: err = 3 * 0.4^2 = 0.48 (min-max)
    const config = { ...symMse, candidates: 4 };
    expectClose(params(x, config).scale, [0.75]);
    expectClose(fq(x, config), [0.75, 0.75, -0.75, 0.75]);
  });

  test('K = 100 (default): continuous optimum t = 0.7 is a candidate', () => {
    // For 0.4 < t <= 1 every value maps to +-1 level: err(t) = 3 (0.6 - t)^2 + (1 - t)^2,
    // d/dt = 0 at t = (3 * 0.6 + 1) / 4 = 0.7 -> k = 70; err(0.7) = 0.03 + 0.09 = 0.12,
    // neighbours t = 0.69 and 0.71 both give 0.1204.
    expectClose(params(x, symMse).scale, [0.7]);
  });
});

describe('full vs narrow signed grid under MSE clipping', () => {
  // x = [0.6, 0.6, -0.6, -1.0], b = 2, K = 4, t in {0.25, 0.5, 0.75, 1}, s = t / 1
  const x = [0.6, 0.6, -0.6, -1.0];
  test('full [-2, 1]: t = 0.5 reaches the extra -2 level for -1.0', () => {
    // t = 0.5 : x/s = [1.2, 1.2, -1.2, -2] -> [1, 1, -1, -2]: err = 3 * 0.1^2 + 0 = 0.03
    // t = 0.75: [0.8, 0.8, -0.8, -1.33] -> [1, 1, -1, -1]: err = 3 * 0.15^2 + 0.25^2 = 0.13
    // t = 1   : err = 3 * 0.4^2 = 0.48; t = 0.25: err = 2 * 0.35^2 + 0.1^2 + 0.5^2 = 0.505
    expectClose(fq(x, { ...symMse, candidates: 4 }), [0.5, 0.5, -0.5, -1.0]);
  });
  test('narrow [-1, 1]: -2 is not a level, so t = 0.75 wins', () => {
    // t = 0.5: -1.0 clamps to -1 level = -0.5: err = 0.03 + 0.5^2 = 0.28 > 0.13 at t = 0.75
    const config: QuantizerConfig = { ...symMse, candidates: 4, signedGrid: 'signed-narrow' };
    expectClose(fq(x, config), [0.75, 0.75, -0.75, -0.75]);
  });
});

describe('asymmetric MSE search, 2-D grid (range x skew)', () => {
  test('b = 2 (J = 1, skew 0 only), K = 4: picks [-0.6, 0.675] over min-max [-0.6, 0.9]', () => {
    // x = [-0.6, 0.3, 0.9, 0.9]; lo_mm = -0.6, hi_mm = 0.9, T = 0.9, r_k = 0.225 k
    // k = 4 (min-max): s = 1.5 / 3 = 0.5, z = round(1.2) = 1; x/s + z -> [0, 2, 3, 3]
    //   x_hat = [-0.5, 0.5, 1, 1], err = 0.01 + 0.04 + 0.01 + 0.01 = 0.07
    // k = 3: lo = max(-0.675, -0.6) = -0.6, hi = 0.675: s = 1.275 / 3 = 0.425, z = round(1.41) = 1
    //   x/s = [-1.41, 0.71, 2.12, 2.12] -> [-1, 1, 2, 2]: x_hat = [-0.425, 0.425, 0.85, 0.85]
    //   err = 0.175^2 + 0.125^2 + 2 * 0.05^2 = 0.030625 + 0.015625 + 0.005 = 0.05125
    // k = 2, 1: s = 0.3, 0.15 -> err >= 0.27
    const x = [-0.6, 0.3, 0.9, 0.9];
    const config: QuantizerConfig = { ...symMse, scheme: 'asymmetric', candidates: 4 };
    const p = params(x, config);
    expectClose(p.scale, [0.425]);
    expectClose(p.zeroPoint, [1]);
    expectClose(fq(x, config), [-0.425, 0.425, 0.85, 0.85]);
  });

  test('b = 3 (J = 2, skews -1, 0, +1), K = 4: a skewed range wins', () => {
    // x = [-0.3, 0.6, 0.6, 1.2]; T = 1.2, r_3 = 0.9, step d = 2 * 0.9 / 7
    // k = 3, j = +1: lo = max(-0.9 + d, -0.3) = -0.3, hi = min(0.9 + d, 1.2) = 8.1 / 7
    //   s = (8.1 / 7 + 0.3) / 7 = 10.2 / 49, z = round(0.3 / s = 1.44) = 1
    //   x/s = [-1.44, 2.88, 2.88, 5.76] -> [-1, 3, 3, 6]; err = 0.0120
    // min-max: s = 1.5 / 7, z = 1, x/s = [-1.4, 2.8, 2.8, 5.6] -> same ints; err = 0.0184
    const x = [-0.3, 0.6, 0.6, 1.2];
    const config: QuantizerConfig = { ...symMse, bits: 3, scheme: 'asymmetric', candidates: 4 };
    const s = 10.2 / 49;
    expectClose(params(x, config).scale, [s]);
    expectClose(fq(x, config), [-s, 3 * s, 3 * s, 6 * s]);
    const mm = fq(x, { ...config, range: 'min-max' });
    const err = (a: ArrayLike<number>) => x.reduce((acc, v, i) => acc + (v - a[i]!) ** 2, 0);
    expect(err(fq(x, config))).toBeCloseTo(0.01203, 4);
    expect(err(mm)).toBeCloseTo(0.01837, 4);
  });
});

describe('per-channel MSE: independent search per channel', () => {
  test('dense [2, 2]: each column matches its own per-tensor search', () => {
    // column 0 = [0.6, 1.0], column 1 = [-0.06, 0.1] (10x smaller)
    const kernel = [0.6, -0.06, 1.0, 0.1];
    const config: QuantizerConfig = {
      ...symMse,
      bits: 3,
      granularity: 'per-channel',
      kind: 'dense',
    };
    const both = params(kernel, config, [2, 2]).scale;
    const c0 = params([0.6, 1.0], { ...config, granularity: 'per-tensor' }).scale[0]!;
    const c1 = params([-0.06, 0.1], { ...config, granularity: 'per-tensor' }).scale[0]!;
    expectClose(both, [c0, c1], 7);
    expect(c0 / c1).toBeCloseTo(10, 4);
  });
});

describe('scale floor and bad input', () => {
  const configs: QuantizerConfig[] = [
    { bits: 4, scheme: 'symmetric', granularity: 'per-tensor', range: 'min-max' },
    { bits: 4, scheme: 'symmetric', granularity: 'per-tensor', range: 'mse' },
    { bits: 4, scheme: 'asymmetric', granularity: 'per-tensor', range: 'min-max' },
    { bits: 4, scheme: 'asymmetric', granularity: 'per-channel', kind: 'dense', range: 'mse' },
  ];

  test.each(configs)('all-zero tensor: s = SCALE_FLOOR, output exactly 0 (%o)', (config) => {
    const p = params([0, 0, 0, 0], config, [2, 2]);
    for (const s of p.scale) expect(s).toBeCloseTo(SCALE_FLOOR, 12);
    expect(Array.from(fq([0, 0, 0, 0], config, [2, 2]))).toEqual([0, 0, 0, 0]);
  });

  test('one all-zero channel keeps the floor, the other its own scale', () => {
    const config: QuantizerConfig = { ...configs[0]!, granularity: 'per-channel', kind: 'dense' };
    // columns [0, 0] and [0.3, -0.6]: s = [SCALE_FLOOR, 0.6 / 7]
    const p = params([0, 0.3, 0, -0.6], config, [2, 2]);
    expect(p.scale[0]).toBeCloseTo(SCALE_FLOOR, 12);
    expect(p.scale[1]).toBeCloseTo(0.6 / 7, 6);
  });

  test('invalid bit widths, NaN/Inf, empty tensors and bad K throw QuantError', () => {
    const x = tf.tensor([0.1, -0.2]);
    const nan = tf.tensor([0.1, NaN]);
    const inf = tf.tensor([Infinity, 0.1]);
    const empty = tf.tensor([], [0]);
    const base = configs[1]!;
    const before = tf.memory().numTensors;
    for (const bits of [1, 9, 2.5, NaN]) {
      expect(() => calibrateOnDevice(x, { ...base, bits })).toThrowError(/bits/);
    }
    expect(() => calibrateOnDevice(empty, base)).toThrowError(/empty/);
    expect(() => calibrateOnDevice(x, { ...base, candidates: 0 })).toThrowError(/candidates/);
    // Only the cadence-time calibrate() reads the tensor, so only it can refuse NaN/Inf.
    expect(() => calibrate(nan, base)).toThrowError(/NaN or Inf/);
    expect(() => calibrate(inf, base)).toThrowError(/NaN or Inf/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, nan, inf, empty]);
  });

  test('MSE error at the returned range equals the best candidate error (no read-back drift)', () => {
    const values = [0.6, 0.6, -0.6, 1.0];
    const out = tf.tensor(fq(values, { ...symMse, candidates: 4 }));
    const x = tf.tensor(values);
    expect(sse(x, out)).toBeCloseTo(0.13, 6);
    tf.dispose([x, out]);
  });
});
