// SQNR of the inspector's quantizers (issue 17) against hand-computed values.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { SQNR_QUANTIZERS, sqnrDb } from '../../../../src/core/metrics/sqnr';
import type { QuantizerConfig } from '../../../../src/core/quant/params';
import { expectNoLeak, seededRandom } from '../quant/helpers';

const PER_TENSOR: QuantizerConfig = {
  bits: 2,
  scheme: 'symmetric',
  granularity: 'per-tensor',
  range: 'min-max',
};

async function sqnr(values: number[] | Float32Array, shape: number[], config: QuantizerConfig) {
  const x = tf.tensor(values, shape);
  const db = sqnrDb(x, config);
  const [value] = await db.data();
  tf.dispose([x, db]);
  return value!;
}

/** `count` uniform values in [-1, 1) from a fixed seed. */
function uniform(count: number, seed = 3): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count }, () => 2 * random() - 1);
}

describe('sqnrDb', () => {
  test('hand-computed: [1, -0.5, 0.25, 0.8] at 2 bits, symmetric per-tensor min-max', async () => {
    // t = 1, p = 1, s = 1; round_half_even: 1 -> 1, -0.5 -> 0, 0.25 -> 0, 0.8 -> 1.
    // signal 1 + 0.25 + 0.0625 + 0.64 = 1.9525; noise 0 + 0.25 + 0.0625 + 0.04 = 0.3525.
    const db = await sqnr([1, -0.5, 0.25, 0.8], [4, 1], PER_TENSOR);
    expect(db).toBeCloseTo(10 * Math.log10(1.9525 / 0.3525), 4);
  });

  test('a uniform tensor gains ~6.02 dB per bit: 20 log10(2 (2^(b-1) - 1)) on the signed grid', async () => {
    // Noise s^2 / 12 against signal a^2 / 3 with s = a / (2^(b-1) - 1): SQNR = 20 log10(2 p).
    const values = uniform(40_000);
    for (const bits of [3, 4, 5, 6, 7, 8]) {
      const expected = 20 * Math.log10(2 * (2 ** (bits - 1) - 1));
      expect(await sqnr(values, [200, 200], { ...PER_TENSOR, bits })).toBeCloseTo(expected, 1);
    }
    const [w7, w8] = [
      await sqnr(values, [200, 200], { ...PER_TENSOR, bits: 7 }),
      await sqnr(values, [200, 200], { ...PER_TENSOR, bits: 8 }),
    ];
    expect(w8 - w7).toBeGreaterThan(5.9);
    expect(w8 - w7).toBeLessThan(6.1);
  });

  test('an outlier in its own channel costs per-tensor SQNR, not per-channel', async () => {
    // Dense kernel [256, 8]: seven channels uniform in [-1, 1); channel 0 is all zeros apart
    // from one weight of 10. Per tensor, that weight sets every channel's step (10x coarser:
    // noise 100x, -20 dB); per channel, channel 0 sits exactly on its grid (0 and t).
    const base = uniform(256 * 8);
    const withOutlier = Float32Array.from(base, (v, i) => (i % 8 === 0 ? 0 : v));
    withOutlier[8 * 17] = 10;
    const config = (granularity: QuantizerConfig['granularity']): QuantizerConfig => ({
      ...PER_TENSOR,
      bits: 4,
      granularity,
      kind: 'dense',
    });
    const channelsOnly = Float32Array.from(base, (v, i) => (i % 8 === 0 ? 0 : v));
    const tensorBefore = await sqnr(channelsOnly, [256, 8], config('per-tensor'));
    const tensorAfter = await sqnr(withOutlier, [256, 8], config('per-tensor'));
    const channelBefore = await sqnr(channelsOnly, [256, 8], config('per-channel'));
    const channelAfter = await sqnr(withOutlier, [256, 8], config('per-channel'));
    expect(tensorBefore - tensorAfter).toBeGreaterThan(15);
    expect(channelAfter).toBeGreaterThanOrEqual(channelBefore - 1e-3);
  });

  test('exact grid: +Inf; no signal: NaN; no tensors left behind', async () => {
    expect(await sqnr([1, -1, 0, 0], [4, 1], PER_TENSOR)).toBe(Infinity);
    expect(await sqnr([0, 0, 0, 0], [4, 1], PER_TENSOR)).toBeNaN();
    const x = tf.tensor(uniform(64), [4, 4, 1, 4]);
    expectNoLeak(() => {
      for (const { config } of SQNR_QUANTIZERS)
        sqnrDb(x, { ...config, bits: 3, kind: 'conv2d' }).dispose();
    });
    x.dispose();
  });

  test('the four quantizers: per-channel, MSE and asymmetric never lose to per-tensor min-max', async () => {
    // A skewed kernel with channels of different widths: each refinement can only help here.
    const random = seededRandom(9);
    const values = Float32Array.from(
      { length: 3 * 3 * 4 * 8 },
      (_, i) => (random() - 0.2) * (1 + (i % 8)),
    );
    const db = async (id: string) => {
      const { config } = SQNR_QUANTIZERS.find((q) => q.id === id)!;
      return sqnr(values, [3, 3, 4, 8], { ...config, bits: 4, kind: 'conv2d' });
    };
    const perTensor = await db('per-tensor');
    for (const id of ['per-channel', 'mse', 'asymmetric'])
      expect(await db(id)).toBeGreaterThan(perTensor);
  });
});
