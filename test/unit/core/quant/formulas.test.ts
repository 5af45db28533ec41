// The displayed quantizer formulas state the scale floor the code uses (they said 1e-8).
import { expect, test } from 'vitest';
import { ASYMMETRIC_FORMULA, SYMMETRIC_FORMULA } from '../../../../src/core/quant/formulas';
import { SCALE_FLOOR } from '../../../../src/core/quant/scale-floor';

test('both schemes name SCALE_FLOOR = 2^-23 as their scale floor', () => {
  expect(SCALE_FLOOR).toBe(2 ** -23);
  for (const formula of [SYMMETRIC_FORMULA, ASYMMETRIC_FORMULA]) {
    expect(formula).toMatch(/, 2\^-23\)/);
    expect(formula).not.toMatch(/1e-8/);
  }
});
