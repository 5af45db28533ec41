import { expect, test } from 'vitest';
import { learningRateAt } from '../../../../src/core/schedules/learning-rate';

test('constant keeps lr_0; warm-up ramps linearly first', () => {
  expect(learningRateAt(7, 100, 0.1, 'constant')).toBe(0.1);
  // W = 4: 0.1 * 1/4, 0.1 * 2/4, ..., then lr_0
  expect([1, 2, 4, 5].map((t) => learningRateAt(t, 100, 0.1, 'constant', 4))).toEqual([
    0.025, 0.05, 0.1, 0.1,
  ]);
});

test('cosine: lr_0 right after warm-up, half way at the middle, 0 at the end', () => {
  // W = 10, T = 110: r = (t - 10) / 100
  expect(learningRateAt(10, 110, 0.2, 'cosine', 10)).toBeCloseTo(0.2, 12);
  expect(learningRateAt(60, 110, 0.2, 'cosine', 10)).toBeCloseTo(0.1, 12); // cos(pi/2) = 0
  expect(learningRateAt(110, 110, 0.2, 'cosine', 10)).toBeCloseTo(0, 12);
});

test('step: 10x down after 50 % and again after 75 % of the steps', () => {
  expect([50, 51, 75, 76].map((t) => learningRateAt(t, 100, 1, 'step'))).toEqual([
    1,
    0.1,
    0.1,
    0.1 ** 2,
  ]);
});

test('bad input is a clear error', () => {
  expect(() => learningRateAt(0, 100, 0.1, 'constant')).toThrowError(/step/);
  expect(() => learningRateAt(1, 100, NaN, 'constant')).toThrowError(/learning rate/);
});
