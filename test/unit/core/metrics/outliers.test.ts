// max|w| / std (issue 3 item 8; N - 1 std as in methods.md 6).
import { describe, expect, test } from 'vitest';
import { outlierStats } from '../../../../src/core/metrics/outliers';

describe('outlierStats', () => {
  test('hand-computed: w = [1, -1, 2, -2]', () => {
    // mean 0; sum of squares 1 + 1 + 4 + 4 = 10; std = sqrt(10 / 3) = 1.825742
    // max|w| = 2; ratio = 2 / 1.825742 = 1.095445
    const s = outlierStats([1, -1, 2, -2]);
    expect(s.maxAbs).toBe(2);
    expect(s.std).toBeCloseTo(Math.sqrt(10 / 3), 12);
    expect(s.ratio).toBeCloseTo(1.0954451150103321, 12);
  });

  test('uses the N - 1 divisor (not N) and a non-zero mean', () => {
    // w = [0, 0, 0, 4]: mean 1; squares 1 + 1 + 1 + 9 = 12; std = sqrt(12 / 3) = 2; ratio 4 / 2
    const s = outlierStats(Float32Array.from([0, 0, 0, 4]));
    expect(s.std).toBeCloseTo(2, 12);
    expect(s.ratio).toBeCloseTo(2, 12);
  });

  test('bad input throws QuantError instead of returning NaN or Inf', () => {
    expect(() => outlierStats([])).toThrowError(/empty/);
    expect(() => outlierStats([1])).toThrowError(/at least 2/);
    expect(() => outlierStats([0, 0, 0])).toThrowError(/all weights are equal/);
    expect(() => outlierStats([1, Infinity])).toThrowError(/non-finite/);
  });
});
