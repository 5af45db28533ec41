import { describe, expect, test } from 'vitest';
import {
  MIN_SEEDS,
  beyondNoise,
  mean,
  meanInterval,
  std,
  tQuantile975,
} from '../../../../src/core/stats/seed-stats';

describe('seed statistics', () => {
  test('mean and sample standard deviation (n-1), by hand', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    // squared deviations 4 + 1 + 0 + 9 = 14, over n-1 = 3
    expect(std([1, 2, 3, 6])).toBeCloseTo(Math.sqrt(14 / 3), 12);
    expect(std([5])).toBe(0);
    expect(mean([])).toBeNaN();
    expect(std([])).toBeNaN();
  });

  test('the interval is mean ± t(0.975, n-1)·sd/√n', () => {
    // diffs 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.303
    const i = meanInterval([1, 2, 3]);
    expect(i.mean).toBe(2);
    expect(i.low).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 12);
    expect(i.high).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 12);
    expect(meanInterval([4]).low).toBeNaN();
    expect(tQuantile975(40)).toBe(1.96);
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });

  test('beyond noise: the interval excludes 0 on either side and the mean reaches the resolution', () => {
    expect(beyondNoise({ mean: 0.05, low: 0.01, high: 0.09 }, 0.001)).toBe(true);
    expect(beyondNoise({ mean: -0.05, low: -0.09, high: -0.01 }, 0.001)).toBe(true);
    expect(beyondNoise({ mean: 0.05, low: -0.01, high: 0.11 }, 0.001)).toBe(false);
    expect(beyondNoise({ mean: 0.0005, low: 0.0004, high: 0.0006 }, 0.001)).toBe(false);
    expect(MIN_SEEDS).toBe(3);
  });
});
