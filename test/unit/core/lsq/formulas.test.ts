// The display formulas of src/core/lsq state the implemented readings.
import { expect, test } from 'vitest';
import {
  LSQ_FORMULAS,
  LSQ_PLUS_GRADIENT_FORMULA,
  LSQ_PLUS_WEIGHT_INIT_FORMULA,
} from '../../../../src/core/lsq/formulas';

test('the formulas state the implemented readings (strict interior, g on beta, 2^(b-1), N - 1)', () => {
  expect(LSQ_FORMULAS.length).toBe(9);
  expect(LSQ_PLUS_GRADIENT_FORMULA).toContain('n < u < p');
  expect(LSQ_PLUS_GRADIENT_FORMULA).toContain('grad(beta)');
  expect(LSQ_PLUS_WEIGHT_INIT_FORMULA).toContain('/ 2^(b-1)');
  expect(LSQ_PLUS_WEIGHT_INIT_FORMULA).toContain('(N - 1)');
});
