// The status line's test accuracy names the step it was measured at (issue 15, item 5).
import { describe, expect, test } from 'vitest';
import { latestPercentText as testAccuracyText } from '../../../src/ui/charts/series/common';

describe('test accuracy in the status line', () => {
  test('shows the step of the latest evaluation, so a stale value reads as stale', () => {
    expect(testAccuracyText({ step: [0], value: [0.0912] })).toBe('9.1 % (step 0)');
    expect(testAccuracyText({ step: [0, 100], value: [0.09, 0.8771] })).toBe('87.7 % (step 100)');
  });

  test('a dash before the first evaluation', () => {
    expect(testAccuracyText({ step: [], value: [] })).toBe('–');
  });
});
