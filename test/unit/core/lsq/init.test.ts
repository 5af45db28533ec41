// Initialisation of LSQ (methods.md 4.1) and LSQ+ (methods.md 4.2) step sizes and offsets.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  lsqPlusActivationInitMse,
  quantizationSse,
  roundHalfEven,
} from '../../../../src/core/lsq/init-activations';
import { lsqInitAsync, lsqPlusWeightInitAsync } from '../../../../src/core/lsq/init-weights';
import { lsqGrid } from '../../../../src/core/lsq/lsq';
import { LSQ_PLUS_CONFIGS, type LsqPlusConfig } from '../../../../src/core/lsq/lsq-plus';
import { swishLike } from './helpers';

const V = [-1.3, -0.6, 0.1, 0.35, 0.9];

/** Run an (asynchronous) init on a fresh tensor of `values`; no tensor may outlive it. */
async function withTensor<T>(
  values: number[],
  shape: number[],
  fn: (t: tf.Tensor) => Promise<T>,
): Promise<T> {
  const before = tf.memory().numTensors;
  const t = tf.tensor(values, shape);
  try {
    return await fn(t);
  } finally {
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }
}

/** The LSQ+ min-max activation init: the MSE search with K = 1, whose only candidate it is. */
function minMaxInit(x: Float32Array, bits: number, config: LsqPlusConfig) {
  return lsqPlusActivationInitMse(x, bits, config, { candidates: 1 });
}

describe('LSQ init s = 2 mean|v| / sqrt(Q_P) (methods.md 4.1)', () => {
  test('per-tensor at b = 2 and b = 3', async () => {
    // mean|v| = (1.3 + 0.6 + 0.1 + 0.35 + 0.9) / 5 = 3.25 / 5 = 0.65
    // b = 2 signed: Q_P = 1 -> s = 1.3; b = 3 signed: Q_P = 3 -> s = 1.3 / sqrt(3) = 0.750555
    // b = 2 unsigned: Q_P = 3 -> s = 1.3 / sqrt(3)
    const init = (bits: number, grid: 'signed-full' | 'unsigned') =>
      withTensor(V, [5], (t) => lsqInitAsync(t, bits, grid));
    const signed2 = await init(2, 'signed-full');
    expect(signed2.s[0]).toBeCloseTo(1.3, 6);
    expect((await init(3, 'signed-full')).s[0]).toBeCloseTo(1.3 / Math.sqrt(3), 6);
    expect((await init(2, 'unsigned')).s[0]).toBeCloseTo(1.3 / Math.sqrt(3), 6);
    expect(signed2.shape).toEqual([]);
    expect(Array.from(signed2.beta)).toEqual([0]);
  });

  test('per-channel on a dense kernel [2, 2]', async () => {
    // columns: ch0 = [1, -3] -> mean|.| = 2; ch1 = [0.5, 0.1] -> 0.3; b = 2 signed, Q_P = 1:
    // s = [4, 0.6], shape [1, 2]
    const init = await withTensor([1, 0.5, -3, 0.1], [2, 2], (t) =>
      lsqInitAsync(t, 2, 'signed-full', { granularity: 'per-channel', kind: 'dense' }),
    );
    expect(init.shape).toEqual([1, 2]);
    expect(init.s[0]).toBeCloseTo(4, 6);
    expect(init.s[1]).toBeCloseTo(0.6, 6);
  });
});

describe('LSQ+ weight init s = max(|mu - 3 sd|, |mu + 3 sd|) / 2^(b-1) (methods.md 4.2)', () => {
  test('per-tensor at b = 2 and b = 3', async () => {
    // mu = (-1.3 - 0.6 + 0.1 + 0.35 + 0.9) / 5 = -0.55 / 5 = -0.11
    // deviations [-1.19, -0.49, 0.21, 0.46, 1.01], squares sum to
    //   1.4161 + 0.2401 + 0.0441 + 0.2116 + 1.0201 = 2.932; sd (N - 1) = sqrt(2.932 / 4) = sqrt(0.733)
    // bound = max(|-0.11 - 3 sd|, |-0.11 + 3 sd|) = 0.11 + 3 sqrt(0.733) = 2.678462
    // b = 2: / 2 = 1.339231; b = 3: / 4 = 0.669616
    const bound = 0.11 + 3 * Math.sqrt(0.733);
    const s2 = await withTensor(V, [5], (t) => lsqPlusWeightInitAsync(t, 2));
    const s3 = await withTensor(V, [5], (t) => lsqPlusWeightInitAsync(t, 3));
    expect(s2.s[0]).toBeCloseTo(bound / 2, 5);
    expect(s3.s[0]).toBeCloseTo(bound / 4, 5);
    expect(Array.from(s3.beta)).toEqual([0]);
  });

  test('per-channel on a dense kernel [3, 2]', async () => {
    // ch0 = [1, 2, 6]: mu = 3, squares 4 + 1 + 9 = 14, sd = sqrt(14 / 2) = sqrt(7)
    //   bound = 3 + 3 sqrt(7) = 10.937254; b = 3 -> / 4 = 2.734313
    // ch1 = [-0.5, 0.5, 0]: mu = 0, squares 0.5, sd = sqrt(0.25) = 0.5, bound = 1.5 -> 0.375
    const init = await withTensor([1, -0.5, 2, 0.5, 6, 0], [3, 2], (t) =>
      lsqPlusWeightInitAsync(t, 3, { granularity: 'per-channel', kind: 'dense' }),
    );
    expect(init.shape).toEqual([1, 2]);
    expect(init.s[0]).toBeCloseTo((3 + 3 * Math.sqrt(7)) / 4, 5);
    expect(init.s[1]).toBeCloseTo(0.375, 6);
  });

  test('depthwise kernel [2, 1, 2, 1]: one scale per (in, multiplier), reducing axes 0 and 1', async () => {
    // flat [a, b, c, d] = w[0,0,0,0], w[0,0,1,0], w[1,0,0,0], w[1,0,1,0] = [1, -1, 3, -1]
    // in = 0: [1, 3] -> mu = 2, sd = sqrt(2 / 1) -> bound 2 + 3 sqrt(2) = 6.242641; b = 2 -> 3.121320
    // in = 1: [-1, -1] -> mu = -1, sd = 0 -> bound 1 -> 0.5
    const init = await withTensor([1, -1, 3, -1], [2, 1, 2, 1], (t) =>
      lsqPlusWeightInitAsync(t, 2, { granularity: 'per-channel', kind: 'depthwise' }),
    );
    expect(init.shape).toEqual([1, 1, 2, 1]);
    expect(init.s[0]).toBeCloseTo((2 + 3 * Math.sqrt(2)) / 2, 5);
    expect(init.s[1]).toBeCloseTo(0.5, 6);
  });

  test('an all-zero channel takes the per-tensor scale (documented safe value)', async () => {
    // per-tensor over [1, 0, 2, 0, 6, 0]: mu = 1.5, squares 0.25 + 2.25 + 0.25 + 2.25 + 20.25 + 2.25
    //   = 27.5, sd = sqrt(27.5 / 5) = sqrt(5.5); bound = 1.5 + 3 sqrt(5.5) = 8.535618; b = 3 -> 2.133905
    const init = await withTensor([1, 0, 2, 0, 6, 0], [3, 2], (t) =>
      lsqPlusWeightInitAsync(t, 3, { granularity: 'per-channel', kind: 'dense' }),
    );
    expect(init.s[0]).toBeCloseTo((3 + 3 * Math.sqrt(7)) / 4, 5);
    expect(init.s[1]).toBeCloseTo((1.5 + 3 * Math.sqrt(5.5)) / 4, 5);
  });
});

describe('LSQ+ activation init, min-max: the MSE search at K = 1 (methods.md 4.2)', () => {
  // a Swish-like batch: min -0.25, max 1.75, range 2
  const X = Float32Array.of(-0.25, 0.1, 0.6, 1.75);
  const init = (bits: number, config: LsqPlusConfig) => {
    const r = minMaxInit(X, bits, config);
    return [r.s[0]!, r.beta[0]!];
  };

  test('asymmetric configs: s = (max - min) / (p - n), beta = min - n * s', () => {
    // b = 2, config 3 [0, 3]: s = 2 / 3, beta = -0.25
    // b = 2, config 4 [-2, 1]: s = 2 / 3, beta = -0.25 + 2 * 2/3 = 1.083333
    // b = 3, config 3 [0, 7]: s = 2 / 7, beta = -0.25
    // b = 3, config 4 [-4, 3]: s = 2 / 7, beta = -0.25 + 4 * 2/7 = 0.892857
    const close = (got: number[], want: number[]) =>
      want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 6));
    close(init(2, 'unsigned-asymmetric'), [2 / 3, -0.25]);
    close(init(2, 'signed-asymmetric'), [2 / 3, -0.25 + 4 / 3]);
    close(init(3, 'unsigned-asymmetric'), [2 / 7, -0.25]);
    close(init(3, 'signed-asymmetric'), [2 / 7, -0.25 + 8 / 7]);
  });

  test('symmetric configs ([LAB]): beta = 0, smallest s covering [min, max] with 0 on the grid', () => {
    // config 1, b = 2 [0, 3]: s = 1.75 / 3; b = 3 [0, 7]: s = 1.75 / 7 = 0.25
    // config 2, b = 2 [-2, 1]: s = max(1.75 / 1, -0.25 / -2) = 1.75
    // config 2, b = 3 [-4, 3]: s = max(1.75 / 3, 0.25 / 4) = 0.583333
    expect(init(2, 'unsigned-symmetric')[0]).toBeCloseTo(1.75 / 3, 6);
    expect(init(3, 'unsigned-symmetric')).toEqual([0.25, 0]);
    expect(init(2, 'signed-symmetric')).toEqual([1.75, 0]);
    expect(init(3, 'signed-symmetric')[0]).toBeCloseTo(1.75 / 3, 6);
  });

  test('a scalar init', () => {
    expect(minMaxInit(X, 2, 'unsigned-asymmetric').shape).toEqual([]);
  });
});

describe('LSQ+ activation init, MSE (methods.md 4.2; search grid [LAB])', () => {
  test('round half to even on the host matches tf.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfEven)).toEqual([
      0, 2, 2, -0, -2, -2, 2, -3,
    ]);
  });

  test('symmetric config 1, b = 2, K = 2: shrinking the range wins', () => {
    // x = ten 0.5s and one 3; grid [0, 3]; s_mm = 3 / 3 = 1; candidates s = 0.5, 1
    // s = 0.5: 0.5 -> u = 1 -> 0.5 (err 0); 3 -> u = 6 -> 3 -> 1.5 (err 2.25): SSE 2.25
    // s = 1:   0.5 -> u = 0.5 -> half-even 0 -> 0 (err 0.25 x 10 = 2.5); 3 exact: SSE 2.5
    const x = Float32Array.from([...Array<number>(10).fill(0.5), 3]);
    const grid = lsqGrid(2, 'unsigned');
    expect(quantizationSse(x, 0.5, 0, grid)).toBeCloseTo(2.25, 9);
    expect(quantizationSse(x, 1, 0, grid)).toBeCloseTo(2.5, 9);
    const r = lsqPlusActivationInitMse(x, 2, 'unsigned-symmetric', { candidates: 2 });
    expect(Array.from(r.s)).toEqual([0.5]);
    expect(Array.from(r.beta)).toEqual([0]);
  });

  test('asymmetric config 3, b = 2, K = 2, J = 3: the window slides', () => {
    // x = [-1, ten 0.5s, 2]; grid [0, 3]; R = 3, s_mm = 1, beta_mm = -1
    // k = 1: s = 0.5, R_1 = 1.5, slack 1.5, window bottoms lo = -1, -0.25, 0.5 (beta = lo)
    //   beta = -1:    -1 exact, 0.5 exact, 2 -> u = 6 -> 3 -> 0.5 (err 2.25): SSE 2.25
    //   beta = -0.25: -1 -> u = -1.5 -> 0 -> -0.25 (0.5625); 0.5 -> u = 1.5 -> 2 -> 0.75
    //                 (0.0625 x 10 = 0.625); 2 -> u = 4.5 -> 3 -> 1.25 (0.5625): SSE 1.75
    //   beta = 0.5:   -1 -> 0.5 (2.25); 0.5 and 2 exact: SSE 2.25
    // k = 2: s = 1, beta = -1: 0.5 -> u = 1.5 -> 2 -> 1 (0.25 x 10): SSE 2.5
    const x = Float32Array.from([-1, ...Array<number>(10).fill(0.5), 2]);
    expect(quantizationSse(x, 0.5, -0.25, lsqGrid(2, 'unsigned'))).toBeCloseTo(1.75, 9);
    const r = lsqPlusActivationInitMse(x, 2, 'unsigned-asymmetric', {
      candidates: 2,
      positions: 3,
    });
    expect(Array.from(r.s)).toEqual([0.5]);
    expect(Array.from(r.beta)).toEqual([-0.25]);
  });

  test('never worse than min-max on the values searched (seeded property, all configs)', () => {
    const configs = Object.keys(LSQ_PLUS_CONFIGS) as LsqPlusConfig[];
    for (const [i, config] of configs.entries()) {
      const x = swishLike(100 + i, 400, 1.5, i * 0.2 - 0.3);
      for (const bits of [2, 3, 4, 8]) {
        const grid = lsqGrid(bits, LSQ_PLUS_CONFIGS[config].grid);
        const mm = minMaxInit(x, bits, config);
        const mse = lsqPlusActivationInitMse(x, bits, config);
        const sseMse = quantizationSse(x, mse.s[0]!, mse.beta[0]!, grid);
        const sseMm = quantizationSse(x, mm.s[0]!, mm.beta[0]!, grid);
        expect(sseMse).toBeLessThanOrEqual(sseMm * (1 + 1e-6));
        expect(mse.s[0]).toBeGreaterThan(0);
      }
    }
  });

  test('large batches are subsampled deterministically (same seed, same result)', () => {
    const x = swishLike(7, 20000);
    const a = lsqPlusActivationInitMse(x, 4, 'signed-asymmetric', { maxSamples: 2048, seed: 3 });
    const b = lsqPlusActivationInitMse(x, 4, 'signed-asymmetric', { maxSamples: 2048, seed: 3 });
    expect(Array.from(a.s)).toEqual(Array.from(b.s));
    expect(Array.from(a.beta)).toEqual(Array.from(b.beta));
  });
});

describe('weight inits read asynchronously (the only read that works in a WebGPU worker)', () => {
  test('per tensor and per channel without leaking; an all-zero tensor is rejected', async () => {
    const w = tf.tensor4d(
      Array.from({ length: 36 }, (_, i) => Math.sin(i) * (1 + (i % 4))),
      [3, 3, 1, 4],
    );
    const zeros = tf.zeros([4]);
    const perChannel = { granularity: 'per-channel' as const, kind: 'conv2d' as const };
    const before = tf.memory().numTensors;
    expect((await lsqInitAsync(w, 4, 'signed-full')).s).toHaveLength(1);
    expect((await lsqInitAsync(w, 3, 'signed-full', perChannel)).shape).toEqual([1, 1, 1, 4]);
    expect((await lsqPlusWeightInitAsync(w, 4)).s).toHaveLength(1);
    expect((await lsqPlusWeightInitAsync(w, 2, perChannel)).s).toHaveLength(4);
    await expect(lsqInitAsync(zeros, 4, 'signed-full')).rejects.toThrow(/all zeros/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, zeros]);
  });
});
